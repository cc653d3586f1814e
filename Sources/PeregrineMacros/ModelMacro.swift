import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Model`: generates `Content` for a struct: validation that reads every field (honouring
/// default values, optionals and `@Field` constraints and aliases) and reports every issue, and JSON
/// writing of every field.
public struct ModelMacro: ExtensionMacro {
    struct Field {
        let name: String
        let key: String
        let type: String
        let defaultValue: String?
        let constraints: String?
        let description: String?
        let deprecated: String?
        let examples: String?
    }

    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard declaration.is(StructDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(node: node, message: PeregrineDiagnostic.error("model-not-struct", "@Model applies to structs")))
            return []
        }
        var fields: [Field] = []
        var failed = false
        for member in declaration.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: {
                $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class)
            }) { continue }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            if let hidden = variable.modifiers.first(where: {
                $0.name.tokenKind == .keyword(.private) || $0.name.tokenKind == .keyword(.fileprivate)
            }), variable.bindings.contains(where: { $0.accessorBlock == nil && !(isLet && $0.initializer != nil) }) {
                context.diagnose(
                    Diagnostic(
                        node: hidden,
                        message: PeregrineDiagnostic.error(
                            "private-field",
                            "a field of a @Model type cannot be \(hidden.name.text): the generated code reads and sets it from another file"
                        )))
                failed = true
                continue
            }
            let fieldAttribute = variable.attributes.first(named: ["Field"])
            let arguments = fieldAttribute.map(AttributeArguments.init)
            for binding in variable.bindings {
                guard let identifier = binding.pattern.as(IdentifierPatternSyntax.self) else { continue }
                if let accessors = binding.accessorBlock {
                    // Computed properties are not fields; observed ones (willSet/didSet) are.
                    if case .getter = accessors.accessors { continue }
                    if case .accessors(let list) = accessors.accessors,
                        list.contains(where: { ["get", "set", "_read", "_modify"].contains($0.accessorSpecifier.text) })
                    {
                        continue
                    }
                }
                // A constant with a value is not read from input.
                if isLet && binding.initializer != nil { continue }
                let name = identifier.identifier.text
                guard let typeAnnotation = binding.typeAnnotation else {
                    context.diagnose(
                        Diagnostic(
                            node: binding,
                            message: PeregrineDiagnostic.error(
                                "model-field-type", "field '\(name)' needs a type annotation, such as '\(name): String'")))
                    failed = true
                    continue
                }
                if let pattern = arguments?.string("pattern"), (try? Regex(pattern)) == nil {
                    context.diagnose(
                        Diagnostic(
                            node: arguments!.labeled["pattern"]!,
                            message: PeregrineDiagnostic.error(
                                "invalid-pattern", "'\(pattern)' is not a valid regular expression")))
                    failed = true
                    continue
                }
                fields.append(
                    Field(
                        name: name, key: arguments?.string("alias") ?? name,
                        type: typeAnnotation.type.trimmedDescription,
                        defaultValue: binding.initializer?.value.trimmedDescription,
                        constraints: arguments?.constraintsExpression,
                        description: arguments?.labeled["description"]?.trimmedDescription,
                        deprecated: arguments?.labeled["deprecated"]?.trimmedDescription,
                        examples: arguments?.labeled["examples"]?.trimmedDescription))
            }
        }
        if failed { return [] }

        let access = accessPrefix(of: declaration.modifiers)
        let typeName = type.trimmedDescription
        let conformance = protocols.isEmpty ? "" : ": Content"
        let initParameters = fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        let assignments = fields.map { "self.\($0.name) = \($0.name)" }.joined(separator: "\n")
        let reads = fields.map { field in
            let defaultClosure = field.defaultValue.map { "{ \($0) }" } ?? "nil"
            return """
                let \(field.name): \(field.type)? = ModelField.validate(object[\(field.key.literal)], key: \(field.key.literal), in: input, default: \(defaultClosure), constraints: \(field.constraints ?? ".none"), context: &context)
                """
        }.joined(separator: "\n")
        let bindings = fields.map { "let \($0.name)" }.joined(separator: ", ")
        let construction =
            fields.isEmpty
            ? "Self()"
            : "Self(_validatedFields: " + fields.map(\.name).enumerated().map { $0 == 0 ? $1 : "\($1): \($1)" }
                .joined(separator: ", ") + ")"
        let initializer =
            fields.isEmpty
            ? "" : "private init(_validatedFields \(initParameters)) {\n\(assignments)\n}"
        let objectBinding = fields.isEmpty ? ".object" : ".object(let object)"
        let guardLine = fields.isEmpty ? "" : "guard \(bindings) else { return nil }"
        let writes = fields.map { "writer.writeMember(\($0.key.literal), self.\($0.name))" }.joined(separator: "\n")
        let schemaName = typeName.split(separator: ".").last.map(String.init) ?? typeName
        let fieldSchemas = fields.map { field in
            var arguments = [
                "key: \(field.key.literal)", "type: (\(field.type)).self",
                "default: \(field.defaultValue.map { "{ \($0) }" } ?? "nil")",
            ]
            if let constraints = field.constraints { arguments.append("constraints: \(constraints)") }
            if let description = field.description { arguments.append("description: \(description)") }
            if let deprecated = field.deprecated { arguments.append("deprecated: \(deprecated)") }
            if let examples = field.examples { arguments.append("examples: \(examples)") }
            return "ModelFieldSchema(\(arguments.joined(separator: ", ")))"
        }
        let fieldList = fields.isEmpty ? "[]" : "[\n" + fieldSchemas.map { $0 + "," }.joined(separator: "\n") + "\n]"

        let source: DeclSyntax = """
            extension \(raw: typeName)\(raw: conformance) {
                \(raw: initializer)

                \(raw: access)static func validate(_ input: JSONValue, in context: inout ValidationContext) -> \(raw: typeName)? {
                    guard case \(raw: objectBinding) = input else {
                        context.fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: input)
                        return nil
                    }
                    \(raw: reads)
                    \(raw: guardLine)
                    return \(raw: construction)
                }

                \(raw: access)init(from decoder: any Decoder) throws {
                    self = try ModelCoding.decode(Self.self, from: decoder)
                }

                \(raw: access)func encode(to encoder: any Encoder) throws {
                    try ModelCoding.encode(self, to: encoder)
                }

                \(raw: access)func writeJSON(to writer: inout JSONWriter) {
                    writer.writeObject { writer in
                        \(raw: writes)
                    }
                }

                \(raw: access)static var typeSchema: TypeSchema {
                    .model(ModelSchema(name: \(raw: schemaName.literal)) {
                        \(raw: fieldList)
                    })
                }
            }
            """
        return [source.cast(ExtensionDeclSyntax.self)]
    }
}

/// `@Field` only annotates a stored property of a `@Model` type, which reads its arguments.
public struct FieldMarkerMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        if !declaration.is(VariableDeclSyntax.self) {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error("field-on-non-property", "@Field applies to stored properties of a @Model type")))
        }
        return []
    }
}
