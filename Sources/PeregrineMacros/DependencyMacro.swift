import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Dependency`: on a function, generates `<name>Dependency`, a `RequestDependency` that reads the
/// function's parameters from the request and calls it.
public struct DependencyMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let function = declaration.as(FunctionDeclSyntax.self) else {
            let hint = declaration.is(StructDeclSyntax.self) ? "; mark a struct dependency @Dependable" : ""
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error("dependency-declaration", "@Dependency applies to functions\(hint)")))
            return []
        }
        let isStatic = function.modifiers.contains {
            $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class)
        }
        let insideType = context.lexicalContext.contains {
            $0.is(StructDeclSyntax.self) || $0.is(ClassDeclSyntax.self) || $0.is(EnumDeclSyntax.self)
                || $0.is(ActorDeclSyntax.self) || $0.is(ExtensionDeclSyntax.self)
        }
        if insideType && !isStatic {
            context.diagnose(
                Diagnostic(
                    node: function.name,
                    message: PeregrineDiagnostic.error(
                        "dependency-instance-method",
                        "a dependency function must be a global function or a static method: nothing provides an instance to call '\(function.name.text)' on"
                    )))
            return []
        }
        guard
            let call = DependencyCall(
                parameters: function.signature.parameterClause.parameters, context: context)
        else { return [] }
        let effects = function.signature.effectSpecifiers
        let returnType = function.signature.returnClause?.type.trimmedDescription
        let returnsValue = returnType != nil && returnType != "Void" && returnType != "()"
        let invocation =
            (returnsValue ? "return " : "") + (effects?.throwsClause != nil ? "try " : "")
            + (effects?.asyncSpecifier != nil ? "await " : "")
            + (insideType ? "Self." : "") + "\(function.name.text)(\(call.arguments))"
        let access = accessPrefix(of: function.modifiers)
        let declaration: DeclSyntax = """
            \(raw: access)\(raw: insideType ? "static " : "")let \(raw: function.name.text)Dependency = RequestDependency(\(raw: call.head(named: function.name.text))) { \(raw: call.closureHead)
                \(raw: invocation)
            }
            """
        return [declaration]
    }
}

/// `@Dependable`: makes a struct a `DependencyType` built from the request through its
/// initializer's parameters, or its stored properties.
public struct DependableMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let structure = declaration.as(StructDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(node: node, message: PeregrineDiagnostic.error("dependable-declaration", "@Dependable applies to structs")))
            return []
        }
        let typeName = type.trimmedDescription
        let initializers = structure.memberBlock.members.compactMap { $0.decl.as(InitializerDeclSyntax.self) }
        let parameters: FunctionParameterListSyntax
        var effects = ""
        if initializers.count == 1, let initializer = initializers.first {
            parameters = initializer.signature.parameterClause.parameters
            if initializer.signature.effectSpecifiers?.throwsClause != nil { effects += "try " }
            if initializer.signature.effectSpecifiers?.asyncSpecifier != nil { effects += "await " }
        } else if initializers.isEmpty {
            parameters = Self.memberwiseParameters(of: structure)
        } else {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error(
                        "dependency-initializers",
                        "a struct dependency needs a single initializer, whose parameters are read from the request")))
            return []
        }
        guard let call = DependencyCall(parameters: parameters, context: context) else { return [] }
        let access = accessPrefix(of: structure.modifiers)
        let conformance = protocols.isEmpty ? "" : ": DependencyType"
        let source: DeclSyntax = """
            extension \(raw: typeName)\(raw: conformance) {
                \(raw: access)static let dependency = RequestDependency<\(raw: typeName)>(\(raw: call.head(named: typeName))) { \(raw: call.closureHead)
                    return \(raw: effects)\(raw: typeName)(\(raw: call.arguments))
                }
            }
            """
        return [source.cast(ExtensionDeclSyntax.self)]
    }

    /// The parameters of a struct's memberwise initializer: its stored properties, in order.
    private static func memberwiseParameters(of structure: StructDeclSyntax) -> FunctionParameterListSyntax {
        var parameters: [FunctionParameterSyntax] = []
        for member in structure.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self),
                !variable.modifiers.contains(where: { $0.name.tokenKind == .keyword(.static) })
            else { continue }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            for binding in variable.bindings {
                guard let identifier = binding.pattern.as(IdentifierPatternSyntax.self),
                    let type = binding.typeAnnotation?.type, binding.accessorBlock == nil,
                    !(isLet && binding.initializer != nil)
                else { continue }
                parameters.append(
                    FunctionParameterSyntax(
                        firstName: identifier.identifier.trimmed, colon: .colonToken(trailingTrivia: .space), type: type.trimmed,
                        defaultValue: binding.initializer?.trimmed))
            }
        }
        return FunctionParameterListSyntax(parameters.enumerated().map { index, parameter in
            index < parameters.count - 1 ? parameter.with(\.trailingComma, .commaToken()) : parameter
        })
    }
}

/// The extractors of a dependency's parameters, and how to pass their values on.
struct DependencyCall {
    let extractors: [String]
    let arguments: String
    let closureParameters: [String]

    init?(parameters: FunctionParameterListSyntax, context: some MacroExpansionContext) {
        var extractors: [String] = []
        var arguments: [String] = []
        var closureParameters: [String] = []
        var failed = false
        for (index, parameter) in parameters.enumerated() {
            guard let plan = ParameterPlan(parameter: parameter, template: nil, context: context) else {
                failed = true
                continue
            }
            extractors.append(plan.extractor)
            closureParameters.append("p\(index)")
            arguments.append(plan.label.map { "\($0): p\(index)" } ?? "p\(index)")
        }
        if failed { return nil }
        self.extractors = extractors
        self.arguments = arguments.joined(separator: ", ")
        self.closureParameters = closureParameters
    }

    /// The dependency's name and extractors, as the initializer's leading arguments.
    func head(named name: String) -> String {
        ([name.literal] + extractors).joined(separator: ", ")
    }

    var closureHead: String {
        closureParameters.isEmpty ? "" : closureParameters.joined(separator: ", ") + " in"
    }
}
