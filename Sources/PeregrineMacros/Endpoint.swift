import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// One endpoint method of a `@Routes` type: read from its declaration and its route attribute,
/// checked, then written as a `Route` (or `WebSocketEndpoint`) expression.
struct Endpoint {
    enum Kind: Equatable {
        /// An HTTP route; the method as the library spells it (`get`).
        case http(method: String)
        case webSocket
    }

    /// The route attributes, with the method each declares.
    static let attributes: [String: Kind] = [
        "GET": .http(method: "get"), "POST": .http(method: "post"), "PUT": .http(method: "put"),
        "PATCH": .http(method: "patch"), "DELETE": .http(method: "delete"), "HEAD": .http(method: "head"),
        "OPTIONS": .http(method: "options"), "WebSocketRoute": .webSocket,
    ]

    let kind: Kind
    let template: RouteTemplate
    let functionName: String
    private let function: FunctionDeclSyntax
    private let arguments: AttributeArguments
    private let parameters: [ParameterPlan]
    private let dependencies: [String]

    /// Reads and checks an endpoint; nil after reporting what is wrong.
    init?(function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext) {
        guard let kind = Self.attributes[attribute.simpleName] else { return nil }
        self.kind = kind
        self.function = function
        self.functionName = function.name.text
        self.arguments = AttributeArguments(attribute)
        guard Self.checkVisible(function, context: context), let template = Self.readTemplate(arguments, context: context) else {
            return nil
        }
        self.template = template
        var parameters: [ParameterPlan] = []
        var failed = false
        for parameter in function.signature.parameterClause.parameters {
            guard let plan = ParameterPlan(parameter: parameter, template: template, context: context) else {
                failed = true
                continue
            }
            parameters.append(plan)
        }
        if failed { return nil }
        self.parameters = parameters
        guard Self.checkPlaceholdersCovered(template, by: parameters, function: function, context: context),
            let dependencies = DependencyNames.read(arguments, context: context)
        else { return nil }
        self.dependencies = dependencies
        if kind == .webSocket, let returnClause = function.signature.returnClause, returnType != nil {
            context.diagnose(
                Diagnostic(
                    node: returnClause,
                    message: PeregrineDiagnostic.error(
                        "websocket-returns-value", "a WebSocket endpoint returns nothing: it talks through its WebSocket parameter")))
            return nil
        }
    }

    // MARK: Checking

    private static func checkVisible(_ function: FunctionDeclSyntax, context: some MacroExpansionContext) -> Bool {
        guard let hidden = fileHidingModifier(in: function.modifiers) else { return true }
        context.diagnose(
            Diagnostic(
                node: hidden,
                message: PeregrineDiagnostic.error(
                    "private-endpoint",
                    "endpoint '\(function.name.text)' cannot be \(hidden.name.text): the generated routes call it from another file"),
                fixIt: FixIt(
                    message: PeregrineFixIt(message: "remove '\(hidden.name.text)'"),
                    changes: [
                        .replace(oldNode: Syntax(hidden), newNode: Syntax(TokenSyntax.identifier("", leadingTrivia: hidden.leadingTrivia)))
                    ])))
        return false
    }

    private static func readTemplate(_ arguments: AttributeArguments, context: some MacroExpansionContext) -> RouteTemplate? {
        guard let expression = arguments.unlabeled.first, let path = AttributeArguments.stringLiteral(expression) else {
            context.diagnose(
                Diagnostic(
                    node: arguments.attribute,
                    message: PeregrineDiagnostic.error("path-not-literal", "the route path must be a string literal, so that it can be checked")))
            return nil
        }
        switch RouteTemplate.parse(path) {
        case .success(let template):
            return template
        case .failure(let reason):
            context.diagnose(Diagnostic(node: expression, message: PeregrineDiagnostic.error("invalid-path", reason.reason)))
            return nil
        }
    }

    /// Every placeholder has its parameter; a fix-it adds the missing ones as `String`.
    private static func checkPlaceholdersCovered(
        _ template: RouteTemplate, by parameters: [ParameterPlan], function: FunctionDeclSyntax, context: some MacroExpansionContext
    ) -> Bool {
        let covered = Set(parameters.filter { $0.source == .path }.map(\.wireName))
        var complete = true
        for placeholder in template.placeholders where !covered.contains(placeholder) {
            let clause = function.signature.parameterClause
            var declared = Array(clause.parameters)
            if let last = declared.indices.last {
                declared[last] = declared[last].with(\.trailingComma, .commaToken(trailingTrivia: .space))
            }
            declared.append(
                FunctionParameterSyntax(
                    firstName: .identifier(placeholder), colon: .colonToken(trailingTrivia: .space),
                    type: TypeSyntax(IdentifierTypeSyntax(name: .identifier("String")))))
            let fixed = clause.with(\.parameters, FunctionParameterListSyntax(declared))
            context.diagnose(
                Diagnostic(
                    node: AttributeArguments(function.attributes.first(named: Set(attributes.keys))!).unlabeled.first!,
                    message: PeregrineDiagnostic.placeholderWithoutParameter(placeholder, path: template.path),
                    fixIt: FixIt(
                        message: PeregrineFixIt(message: "add a parameter '\(placeholder): String'"),
                        changes: [.replace(oldNode: Syntax(clause), newNode: Syntax(fixed))])))
            complete = false
        }
        return complete
    }

    // MARK: Code

    /// The declared return type, nil for none, `Void` or `()`.
    private var returnType: String? {
        guard let type = function.signature.returnClause?.type.trimmedDescription, type != "Void", type != "()" else { return nil }
        return type
    }

    /// The closure calling the endpoint with the extracted values.
    private var closure: String {
        let effects = function.signature.effectSpecifiers
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        let names = parameters.indices.map { "p\($0)" }
        let callArguments = zip(parameters, names).map { plan, name in plan.label.map { "\($0): \(name)" } ?? name }
        // An opaque return type cannot name its renderer, so the route initializer infers it from
        // the closure; `return` keeps that inference from taking the value-discarding `Void` one.
        let returns = returnType?.hasPrefix("some ") == true ? "return " : ""
        let call =
            returns + (effects?.throwsClause != nil ? "try " : "") + (effects?.asyncSpecifier != nil ? "await " : "")
            + "\(isStatic ? "Self" : "self").\(functionName)(\(callArguments.joined(separator: ", ")))"
        let capture = isStatic ? "" : "[self] "
        return "{ \(capture)\(names.isEmpty ? "" : names.joined(separator: ", ") + " ")in\n\(call)\n}"
    }

    /// The renderer of the return value, named explicitly so that no overload ranking decides it.
    private var renderer: String? {
        guard let returnType else { return "OutputRenderer.automatic(for: Void.self)" }
        if returnType.hasPrefix("some ") { return nil }
        if let model = arguments.labeled["responseModel"] {
            return "OutputRenderer.model(\(model.trimmedDescription), for: (\(returnType)).self)"
        }
        return "OutputRenderer.automatic(for: (\(returnType)).self)"
    }

    private var operation: String {
        var parts = ["name: \((arguments.string("name") ?? functionName).literal)"]
        if kind != .webSocket {
            if let summary = arguments.labeled["summary"] { parts.append("summary: \(summary.trimmedDescription)") }
            if let description = arguments.labeled["description"] {
                parts.append("description: \(description.trimmedDescription)")
            } else if let documentation = documentation(of: function) {
                parts.append("description: \(documentation.literal)")
            }
        }
        if let tags = arguments.labeled["tags"] { parts.append("tags: \(tags.trimmedDescription)") }
        if kind != .webSocket {
            if let deprecated = arguments.labeled["deprecated"] { parts.append("deprecated: \(deprecated.trimmedDescription)") }
            if let include = arguments.labeled["includeInSchema"] { parts.append("includeInSchema: \(include.trimmedDescription)") }
            if let id = arguments.labeled["operationID"] { parts.append("operationID: \(id.trimmedDescription)") }
            if let extra = arguments.labeled["openapiExtra"] { parts.append("openapiExtra: \(extra.trimmedDescription)") }
        }
        return "OperationInfo(\(parts.joined(separator: ", ")))"
    }

    /// The `Route(...)` or `WebSocketEndpoint(...)` expression.
    var expression: String {
        var routeArguments: [String] = []
        if case .http(let method) = kind { routeArguments.append(".\(method)") }
        routeArguments.append(template.path.literal)
        if kind != .webSocket, let status = arguments.labeled["status"] { routeArguments.append("status: \(status.trimmedDescription)") }
        if kind != .webSocket, renderer == nil, let model = arguments.labeled["responseModel"] {
            routeArguments.append("responseModel: \(model.trimmedDescription)")
        }
        routeArguments.append("operation: \(operation)")
        if !dependencies.isEmpty { routeArguments.append("dependencies: [\(dependencies.joined(separator: ", "))]") }
        routeArguments.append(contentsOf: parameters.map(\.extractor))
        guard kind != .webSocket else {
            return "WebSocketEndpoint(\(routeArguments.joined(separator: ", "))) \(closure)"
        }
        if let renderer { routeArguments.append("renderer: \(renderer)") }
        var expression = "Route(\(routeArguments.joined(separator: ", "))) \(closure)"
        if let responseClass = arguments.labeled["responseClass"] { expression += ".responseClass(\(responseClass.trimmedDescription))" }
        if let responses = arguments.labeled["responses"] { expression += ".responses(\(responses.trimmedDescription))" }
        let shaping = [
            ("responseModelExcludeUnset", "excludeUnset"), ("responseModelExcludeNone", "excludeNone"),
            ("responseModelInclude", "include"), ("responseModelExclude", "exclude"),
        ].compactMap { label, name in arguments.labeled[label].map { "\(name): \($0.trimmedDescription)" } }
        if !shaping.isEmpty { expression += ".serialization(SerializationOptions(\(shaping.joined(separator: ", "))))" }
        return expression
    }
}
