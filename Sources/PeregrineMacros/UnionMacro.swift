import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Union`: makes an enum whose cases each hold one value a ``Content`` union: pydantic's
/// `int | str` (smart mode), or with `discriminator:` a union of models told apart by a field.
public struct UnionMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let enumDeclaration = declaration.as(EnumDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error(
                        "union-not-enum", "@Union applies to an enum whose cases each hold one value: 'case int(Int), str(String)'")))
            return []
        }
        if let generics = enumDeclaration.genericParameterClause {
            context.diagnose(
                Diagnostic(
                    node: generics,
                    message: PeregrineDiagnostic.error("union-generic", "a @Union enum cannot be generic: name its member types")))
            return []
        }
        var cases: [(name: String, type: String)] = []
        var failed = false
        for member in enumDeclaration.memberBlock.members {
            guard let caseDeclaration = member.decl.as(EnumCaseDeclSyntax.self) else { continue }
            for element in caseDeclaration.elements {
                guard let parameters = element.parameterClause?.parameters, parameters.count == 1,
                    let parameter = parameters.first, parameter.firstName == nil || parameter.firstName?.text == "_"
                else {
                    context.diagnose(
                        Diagnostic(
                            node: element,
                            message: PeregrineDiagnostic.error(
                                "union-case-shape",
                                "case '\(element.name.text)' of a @Union must hold exactly one unlabelled value, its member type: 'case \(element.name.text)(Member)'"
                            )))
                    failed = true
                    continue
                }
                cases.append((element.name.text, parameter.type.trimmedDescription))
            }
        }
        if failed { return [] }
        guard cases.count >= 2 else {
            context.diagnose(
                Diagnostic(
                    node: enumDeclaration.name,
                    message: PeregrineDiagnostic.error("union-too-few-cases", "a @Union needs at least two cases, one per member type")))
            return []
        }
        let arguments = AttributeArguments(node)
        let discriminator = arguments.string("discriminator")
        if arguments.labeled["discriminator"] != nil, discriminator == nil || discriminator!.isEmpty {
            context.diagnose(
                Diagnostic(
                    node: arguments.labeled["discriminator"]!,
                    message: PeregrineDiagnostic.error("union-discriminator", "the discriminator must be a non-empty string literal: the field holding the tag")))
            return []
        }
        let access = accessPrefix(of: enumDeclaration.modifiers)
        let typeName = type.trimmedDescription
        let conformance = protocols.isEmpty ? "" : ": Content"
        // A discriminated union's members go through `tagged`, which refuses at compile time a
        // member type without a literal field.
        let factory = discriminator == nil ? "UnionChoice" : "UnionChoice.tagged"
        let choices = cases.map { "\(factory)(\($0.name.literal), (\($0.type)).self, wrap: { .\($0.name)($0) })," }
            .joined(separator: "\n")
        let union =
            discriminator.map {
                "TaggedUnion<\(typeName)>(discriminator: \($0.literal), [\n\(choices)\n], unionName: \(typeName.literal))"
            } ?? "SmartUnion<\(typeName)>([\n\(choices)\n])"
        // The compiler checks that every member declares the discriminator as a literal field:
        // a missing one is "type 'Cat.LiteralFields' has no member 'pet_type'".
        let discriminatorCheck =
            discriminator.map { key in
                "\n// Every member declares '\(key)' with @Field(literal:).\nprivate static func _discriminatorFields() {\n"
                    + cases.map { "_ = (\($0.type)).LiteralFields.`\(key)`.self\n" }.joined() + "}\n"
            } ?? ""
        let writes = cases.map { "case .\($0.name)(let value): value.writeJSON(to: &writer)" }.joined(separator: "\n")
        let source: DeclSyntax = """
            extension \(raw: typeName)\(raw: conformance) {
                private static let _union = \(raw: union)

                \(raw: access)static func validate(_ input: JSONValue, in context: inout ValidationContext) -> \(raw: typeName)? {
                    _union.validate(input, in: &context)
                }

                \(raw: access)func writeJSON(to writer: inout JSONWriter) {
                    switch self {
                    \(raw: writes)
                    }
                }

                \(raw: access)init(from decoder: any Decoder) throws {
                    self = try ModelCoding.decode(Self.self, from: decoder)
                }

                \(raw: access)func encode(to encoder: any Encoder) throws {
                    try ModelCoding.encode(self, to: encoder)
                }

                \(raw: access)static var typeSchema: TypeSchema {
                    _union.typeSchema
                }
            \(raw: discriminatorCheck)}
            """
        return [source.cast(ExtensionDeclSyntax.self)]
    }
}
