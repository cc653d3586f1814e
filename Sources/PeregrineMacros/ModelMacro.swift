import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Model`: generates `ModelContent` for a struct: validation that reads every field (honouring
/// default values, optionals, `@Field` constraints and aliases, field and model validators and the
/// model's `extra` and `strict` settings) and reports every issue, JSON writing of every field and
/// computed field, the fields each value was given, and the model's schema.
public struct ModelMacro: ExtensionMacro, MemberMacro {
    /// The stored property that keeps which fields a value was given.
    static let fieldsSetProperty = "_fieldsSet"

    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard declaration.is(StructDeclSyntax.self) else { return [] }
        let access = accessPrefix(of: declaration.modifiers)
        return [
            """
            /// Which fields this value was given; see `FieldsSet`.
            \(raw: access)var \(raw: fieldsSetProperty) = FieldsSetStorage()
            """
        ]
    }

    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let structDeclaration = declaration.as(StructDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(node: node, message: PeregrineDiagnostic.error("model-not-struct", "@Model applies to structs")))
            return []
        }
        guard let model = ModelDeclaration(structDeclaration, attribute: node, context: context) else { return [] }
        let typeName = type.trimmedDescription
        let source = model.extensionSource(typeName: typeName, conforms: !protocols.isEmpty)
        var extensions = [DeclSyntax(stringLiteral: source).cast(ExtensionDeclSyntax.self)]
        // A model with a literal field can be a member of a discriminated union.
        if model.hasLiteralField, protocols.contains(where: { $0.trimmedDescription.hasSuffix("LiteralTagged") }) {
            extensions.append(DeclSyntax(stringLiteral: "extension \(typeName): LiteralTagged {}").cast(ExtensionDeclSyntax.self))
        }
        return extensions
    }
}

/// A `@Model` struct as written: its fields, computed fields, validators and settings.
struct ModelDeclaration {
    struct Field {
        let name: String
        let key: String
        let type: String
        let defaultValue: String?
        let constraints: String?
        let hasLiteral: Bool
        let strict: Bool
        let description: String?
        let deprecated: String?
        let examples: String?
        var afterValidators: [String] = []
        var beforeValidators: [String] = []
    }

    struct ComputedField {
        let name: String
        let key: String
        let type: String
        let description: String?
    }

    /// A whole-model validator: `before` ones are static and see the raw input; `after` ones are
    /// methods run on the validated model, returning it (possibly changed) or nothing.
    struct ModelValidator {
        let name: String
        let before: Bool
        let returnsModel: Bool
    }

    let access: String
    let schemaName: String
    let genericParameters: [String]
    /// Whether each field's constraints are made once, as static constants, rather than on every
    /// validation: possible unless the type is generic or inside something that may be.
    let hoistsConstraints: Bool
    let forbidsExtra: Bool
    let strict: Bool
    var fields: [Field] = []
    var computed: [ComputedField] = []
    var modelValidators: [ModelValidator] = []

    init?(_ declaration: StructDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext) {
        access = accessPrefix(of: declaration.modifiers)
        let settings = AttributeArguments(attribute)
        forbidsExtra = settings.labeled["extra"]?.trimmedDescription.hasSuffix("forbid") == true
        strict = settings.bool("strict") == true
        schemaName = declaration.name.text
        genericParameters = declaration.genericParameterClause?.parameters.map(\.name.text) ?? []
        hoistsConstraints =
            genericParameters.isEmpty
            && context.lexicalContext.allSatisfy { scope in
                // Static stored properties are refused in generic types and extensions of them.
                if let group = scope.as(StructDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(ClassDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(EnumDeclSyntax.self) { return group.genericParameterClause == nil }
                if let group = scope.as(ActorDeclSyntax.self) { return group.genericParameterClause == nil }
                return false
            }
        var failed = false
        var fieldValidators: [(attribute: AttributeSyntax, function: FunctionDeclSyntax)] = []
        for member in declaration.memberBlock.members {
            if let function = member.decl.as(FunctionDeclSyntax.self) {
                if let validator = function.attributes.first(named: ["FieldValidator"]) {
                    fieldValidators.append((validator, function))
                } else if let validator = function.attributes.first(named: ["ModelValidator"]) {
                    guard let read = Self.modelValidator(function, attribute: validator, context: context) else {
                        failed = true
                        continue
                    }
                    modelValidators.append(read)
                }
                continue
            }
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: {
                $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class)
            }) { continue }
            if let computedAttribute = variable.attributes.first(named: ["Computed"]) {
                guard let field = Self.computedField(variable, attribute: computedAttribute, context: context) else {
                    failed = true
                    continue
                }
                computed.append(field)
                continue
            }
            switch readFields(of: variable, context: context) {
            case .some(let read): fields.append(contentsOf: read)
            case .none: failed = true
            }
        }
        for (attribute, function) in fieldValidators {
            if !attach(validator: function, attribute: attribute, context: context) { failed = true }
        }
        if failed { return nil }
    }

    /// The stored fields one `var`/`let` declaration declares; nil after reporting a mistake.
    private func readFields(of variable: VariableDeclSyntax, context: some MacroExpansionContext) -> [Field]? {
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
            return nil
        }
        let arguments = variable.attributes.first(named: ["Field"]).map(AttributeArguments.init)
        var fields: [Field] = []
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
            if name == ModelMacro.fieldsSetProperty { continue }
            guard let typeAnnotation = binding.typeAnnotation else {
                context.diagnose(
                    Diagnostic(
                        node: binding,
                        message: PeregrineDiagnostic.error(
                            "model-field-type", "field '\(name)' needs a type annotation, such as '\(name): String'")))
                return nil
            }
            if let pattern = arguments?.string("pattern"), (try? Regex(pattern)) == nil {
                context.diagnose(
                    Diagnostic(
                        node: arguments!.labeled["pattern"]!,
                        message: PeregrineDiagnostic.error("invalid-pattern", "'\(pattern)' is not a valid regular expression")))
                return nil
            }
            fields.append(
                Field(
                    name: name, key: arguments?.string("alias") ?? name, type: typeAnnotation.type.trimmedDescription,
                    defaultValue: binding.initializer?.value.trimmedDescription,
                    constraints: arguments?.constraintsExpression, hasLiteral: arguments?.labeled["literal"] != nil,
                    strict: arguments?.bool("strict") ?? strict,
                    description: arguments?.labeled["description"]?.trimmedDescription,
                    deprecated: arguments?.labeled["deprecated"]?.trimmedDescription,
                    examples: arguments?.labeled["examples"]?.trimmedDescription))
        }
        return fields
    }

    private static func computedField(
        _ variable: VariableDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> ComputedField? {
        guard let binding = variable.bindings.first, variable.bindings.count == 1,
            let identifier = binding.pattern.as(IdentifierPatternSyntax.self), binding.accessorBlock != nil,
            let type = binding.typeAnnotation?.type
        else {
            context.diagnose(
                Diagnostic(
                    node: attribute,
                    message: PeregrineDiagnostic.error(
                        "computed-field-not-computed",
                        "@Computed applies to a computed property with a type annotation, such as 'var area: Double { width * height }'"
                    )))
            return nil
        }
        let arguments = AttributeArguments(attribute)
        let name = identifier.identifier.text
        return ComputedField(
            name: name, key: arguments.string("alias") ?? name, type: type.trimmedDescription,
            description: arguments.labeled["description"]?.trimmedDescription)
    }

    private static func modelValidator(
        _ function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> ModelValidator? {
        let before = AttributeArguments(attribute).labeled["mode"]?.trimmedDescription.hasSuffix("before") == true
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        let parameterCount = function.signature.parameterClause.parameters.count
        let returnType = function.signature.returnClause?.type.trimmedDescription
        let fits = before ? isStatic && parameterCount == 1 && returnType != nil : !isStatic && parameterCount == 0
        guard fits else {
            let shape =
                before
                ? "a static function taking and returning the raw input: 'static func \(function.name.text)(_ input: JSONValue) throws -> JSONValue'"
                : "a method without parameters that throws to refuse the model: 'func \(function.name.text)() throws' (or returns a changed 'Self')"
            context.diagnose(
                Diagnostic(
                    node: function.name,
                    message: PeregrineDiagnostic.error("model-validator-signature", "a model validator must be \(shape)")))
            return nil
        }
        guard Self.checkVisible(validator: function, context: context) else { return nil }
        return ModelValidator(
            name: function.name.text, before: before, returnsModel: returnType != nil && returnType != "Void" && returnType != "()")
    }

    /// A validator is called from the generated code, in another file: it cannot be private.
    private static func checkVisible(validator function: FunctionDeclSyntax, context: some MacroExpansionContext) -> Bool {
        guard
            let hidden = function.modifiers.first(where: {
                $0.name.tokenKind == .keyword(.private) || $0.name.tokenKind == .keyword(.fileprivate)
            })
        else { return true }
        context.diagnose(
            Diagnostic(
                node: hidden,
                message: PeregrineDiagnostic.error(
                    "private-validator",
                    "validator '\(function.name.text)' cannot be \(hidden.name.text): the generated code calls it from another file")))
        return false
    }

    /// Attaches a `@FieldValidator("a", "b")` function to the fields it names.
    private mutating func attach(
        validator function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext
    ) -> Bool {
        let arguments = AttributeArguments(attribute)
        let before = arguments.labeled["mode"]?.trimmedDescription.hasSuffix("before") == true
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        guard isStatic, function.signature.parameterClause.parameters.count == 1, function.signature.returnClause != nil else {
            let shape =
                before
                ? "'static func \(function.name.text)(_ input: JSONValue) throws -> JSONValue'"
                : "'static func \(function.name.text)(_ value: FieldType) throws -> FieldType'"
            context.diagnose(
                Diagnostic(
                    node: function.name,
                    message: PeregrineDiagnostic.error(
                        "field-validator-signature", "a field validator must be a static function of the field's value: \(shape)")))
            return false
        }
        guard Self.checkVisible(validator: function, context: context) else { return false }
        guard !arguments.unlabeled.isEmpty else {
            context.diagnose(
                Diagnostic(
                    node: attribute,
                    message: PeregrineDiagnostic.error("field-validator-without-field", "name the fields the validator checks: @FieldValidator(\"name\")")))
            return false
        }
        var valid = true
        for expression in arguments.unlabeled {
            guard let name = AttributeArguments.stringLiteral(expression) else {
                context.diagnose(
                    Diagnostic(node: expression, message: PeregrineDiagnostic.error("field-validator-name", "a field name must be a string literal")))
                valid = false
                continue
            }
            guard let index = fields.firstIndex(where: { $0.name == name }) else {
                let known = fields.map { "'\($0.name)'" }.joined(separator: ", ")
                context.diagnose(
                    Diagnostic(
                        node: expression,
                        message: PeregrineDiagnostic.error(
                            "field-validator-unknown-field",
                            "validator '\(function.name.text)' names '\(name)', which is not a field of \(schemaName) (its fields: \(known.isEmpty ? "none" : known))"
                        )))
                valid = false
                continue
            }
            if before {
                fields[index].beforeValidators.append(function.name.text)
            } else {
                fields[index].afterValidators.append(function.name.text)
            }
        }
        return valid
    }

    /// Whether a field is declared `@Field(literal: ...)`, the tag of a discriminated union.
    var hasLiteralField: Bool { fields.contains(where: \.hasLiteral) }

    // MARK: Code

    /// The namespace of the constants that hold the fields' constraints when they are hoisted.
    static let constraintsNamespace = "_PeregrineConstraints"

    /// The expression validation passes as a field's constraints.
    private func constraintsArgument(_ field: Field) -> String {
        guard let constraints = field.constraints else { return ".none" }
        return hoistsConstraints ? "\(Self.constraintsNamespace).\(field.name)" : constraints
    }

    func extensionSource(typeName: String, conforms: Bool) -> String {
        let conformance = conforms ? ": ModelContent" : ""
        let bindings = fields.map { "let \($0.name)" } + (forbidsExtra ? ["extraValid"] : [])
        let construction = Self.initializerCall(fields.map { ($0.name, $0.name) } + [("fieldsSet", "fieldsSet")])
        let initializerParameters = (fields.map { "\($0.name): \($0.type)" } + ["fieldsSet: FieldsSet"]).joined(separator: ", ")
        let assignments = (fields.map { "self.\($0.name) = \($0.name)" } + ["self.\(ModelMacro.fieldsSetProperty) = FieldsSetStorage(fieldsSet)"])
            .joined(separator: "\n")
        let updates = Self.initializerCall(
            fields.enumerated().map { index, field in
                (field.name, "update.fieldsSet.contains(\(index)) ? update.\(field.name) : self.\(field.name)")
            } + [("fieldsSet", "fieldsSet.union(update.fieldsSet)")])
        let writes =
            fields.enumerated().map { index, field in
                "members.field(\(field.key.literal), \(field.name.literal), \(index), self.\(field.name))"
            } + computed.map { "members.computed(\($0.key.literal), self.\($0.name))" }
        let keys = "[" + fields.map(\.key.literal).joined(separator: ", ") + "]"

        // Built once: a pattern compiles a regular expression, decimal bounds become exact decimals.
        let constrained = fields.filter { $0.constraints != nil }
        let constants =
            hoistsConstraints && !constrained.isEmpty
            ? "\nprivate enum \(Self.constraintsNamespace) {\n"
                + constrained.map { "nonisolated static let \($0.name) = \($0.constraints!)\n" }.joined() + "}\n" : ""

        // Type-level records of the declaration, checked by the compiler where the model is used:
        // a parameter model's field types, and the literal fields a discriminated union can name.
        let fieldTypes = fields.map(\.type).joined(separator: ", ")
        let literalFields = fields.filter(\.hasLiteral).map { "\(access)enum `\($0.key)` {}\n" }.joined()

        return """
            extension \(typeName)\(conformance) {
                \(access)typealias FieldTypes = ModelFieldTypes<\(fieldTypes)>

                /// The fields declared `@Field(literal:)`, by key: what a discriminated union's
                /// `discriminator` must name.
                \(access)enum LiteralFields {
                \(literalFields)}

                private init(_validatedFields \(initializerParameters)) {
                    \(assignments)
                }

                \(access)static var fieldKeys: [String] { \(keys) }

                \(access)var fieldsSet: FieldsSet {
                    get { \(ModelMacro.fieldsSetProperty).fields }
                    set { \(ModelMacro.fieldsSetProperty).fields = newValue }
                }

                \(access)func updated(with update: Self) -> Self {
                    \(updates)
                }

                \(access)static func validate(_ input: JSONValue, in context: inout ValidationContext) -> \(typeName)? {
                    \(validationBody(construction: construction, bindings: bindings))
                }

                \(access)init(from decoder: any Decoder) throws {
                    self = try ModelCoding.decode(Self.self, from: decoder)
                }

                \(access)func encode(to encoder: any Encoder) throws {
                    try ModelCoding.encode(self, to: encoder)
                }

                \(access)func writeJSON(to writer: inout JSONWriter) {
                    writer.writeModel(fieldsSet: \(ModelMacro.fieldsSetProperty).fields) { members in
                        \(writes.isEmpty ? "_ = members" : writes.joined(separator: "\n"))
                    }
                }

                \(access)static var typeSchema: TypeSchema {
                    \(schemaExpression)
                }
            \(constants)}
            """
    }

    /// A call of the generated initializer: its first argument is labelled `_validatedFields`.
    private static func initializerCall(_ arguments: [(label: String, value: String)]) -> String {
        "Self(" + arguments.enumerated().map { index, argument in
            (index == 0 ? "_validatedFields" : argument.label) + ": " + argument.value
        }.joined(separator: ", ") + ")"
    }

    private func validationBody(construction: String, bindings: [String]) -> String {
        var lines: [String] = []
        let beforeModel = modelValidators.filter(\.before)
        let afterModel = modelValidators.filter { !$0.before }
        let inputName = beforeModel.isEmpty ? "input" : "checkedInput"
        if !beforeModel.isEmpty {
            lines.append("var checkedInput = input")
            for validator in beforeModel {
                lines.append(
                    "guard let transformed = ModelField.checkBefore(checkedInput, with: Self.\(validator.name), context: &context) else { return nil }"
                )
                lines.append("checkedInput = transformed")
            }
        }
        lines.append(
            """
            guard case .object(let object) = \(inputName) else {
                context.fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: \(inputName))
                return nil
            }
            """)
        lines.append(fields.isEmpty ? "let fieldsSet = FieldsSet.none" : "var fieldsSet = FieldsSet.none")
        for (index, field) in fields.enumerated() {
            var raw = "object[\(field.key.literal)]"
            var beforeFailed: [String] = []
            for (number, validator) in field.beforeValidators.enumerated() {
                let name = "\(field.name)Raw\(number)"
                lines.append(
                    "let \(name) = ModelField.applyBefore(Self.\(validator), to: \(raw), key: \(field.key.literal), context: &context)")
                raw = "\(name).raw"
                beforeFailed.append("\(name).failed")
            }
            let defaultClosure = field.defaultValue.map { "{ \($0) }" } ?? "nil"
            let mutable = field.afterValidators.isEmpty && beforeFailed.isEmpty ? "let" : "var"
            lines.append(
                "\(mutable) \(field.name): \(field.type)? = ModelField.validate(\(raw), key: \(field.key.literal), in: \(inputName), default: \(defaultClosure), constraints: \(constraintsArgument(field)), strict: \(field.strict), index: \(index), fieldsSet: &fieldsSet, context: &context)"
            )
            if !beforeFailed.isEmpty {
                lines.append("if \(beforeFailed.joined(separator: " || ")) { \(field.name) = nil }")
            }
            for validator in field.afterValidators {
                lines.append(
                    "\(field.name) = ModelField.apply(Self.\(validator), to: \(field.name), key: \(field.key.literal), raw: \(raw), in: \(inputName), context: &context)"
                )
            }
        }
        if forbidsExtra {
            let cases = fields.map(\.key.literal).joined(separator: ", ")
            let test = fields.isEmpty ? "{ _ in false }" : "{ switch $0 { case \(cases): true; default: false } }"
            lines.append("let extraValid = ModelField.forbidExtra(object, isField: \(test), context: &context)")
        } else {
            lines.append("_ = object")
        }
        if !bindings.isEmpty {
            lines.append("guard \(bindings.joined(separator: ", ")) else { return nil }")
        }
        if afterModel.isEmpty {
            lines.append("return \(construction)")
        } else {
            lines.append("var model = \(construction)")
            for validator in afterModel {
                let closure =
                    validator.returnsModel
                    ? "{ try $0.\(validator.name)() }" : "{ model in try model.\(validator.name)(); return model }"
                lines.append("guard ModelField.check(&model, with: \(closure), input: \(inputName), context: &context) else { return nil }")
            }
            lines.append("return model")
        }
        return lines.joined(separator: "\n")
    }

    private var schemaExpression: String {
        var entries: [String] = fields.map { field in
            var arguments = [
                "key: \(field.key.literal)", "type: (\(field.type)).self",
                "default: \(field.defaultValue.map { "{ \($0) }" } ?? "nil")",
            ]
            if field.constraints != nil { arguments.append("constraints: \(constraintsArgument(field))") }
            if let description = field.description { arguments.append("description: \(description)") }
            if let deprecated = field.deprecated { arguments.append("deprecated: \(deprecated)") }
            if let examples = field.examples { arguments.append("examples: \(examples)") }
            return "ModelFieldSchema(\(arguments.joined(separator: ", ")))"
        }
        entries += computed.map { field in
            var arguments = ["computed: \(field.key.literal)", "type: (\(field.type)).self"]
            if let description = field.description { arguments.append("description: \(description)") }
            return "ModelFieldSchema(\(arguments.joined(separator: ", ")))"
        }
        let list = entries.isEmpty ? "[]" : "[\n" + entries.map { $0 + "," }.joined(separator: "\n") + "\n]"
        var name = schemaName.literal
        if !genericParameters.isEmpty {
            // pydantic names a parametrized model after its arguments: Page[Label] is `Page_Label_`.
            let arguments = genericParameters.map { "TypeSchema.genericArgumentName(of: \($0).self)" }
            name = "ModelSchema.parametrizedName(\(schemaName.literal), [\(arguments.joined(separator: ", "))])"
        }
        return ".model(ModelSchema(name: \(name)\(forbidsExtra ? ", extra: .forbid" : "")) {\n\(list)\n})"
    }
}

/// `@Field`, `@Computed`, `@FieldValidator` and `@ModelValidator` only annotate members of a
/// `@Model` type, which reads them; on anything else they are an error.
public struct FieldMarkerMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        let name = node.simpleName
        let expectsFunction = name == "FieldValidator" || name == "ModelValidator"
        let fits = expectsFunction ? declaration.is(FunctionDeclSyntax.self) : declaration.is(VariableDeclSyntax.self)
        if !fits {
            let what =
                switch name {
                case "Computed": "computed properties"
                case "FieldValidator", "ModelValidator": "functions"
                default: "stored properties"
                }
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error("field-on-non-property", "@\(name) applies to \(what) of a @Model type")))
        }
        return []
    }
}
