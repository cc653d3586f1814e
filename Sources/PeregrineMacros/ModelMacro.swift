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
