import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Routes`: makes the annotated type an `APIRouter` whose `routes` are built from its methods
/// marked with a route macro (`@GET("/path")` and friends).
public struct RoutesMacro: ExtensionMacro {
    static let methods: [String: String] = [
        "GET": "get", "POST": "post", "PUT": "put", "PATCH": "patch", "DELETE": "delete", "HEAD": "head",
        "OPTIONS": "options",
    ]

    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        var routes: [String] = []
        var webSocketRoutes: [String] = []
        var declared: [(method: String, template: RouteTemplate, function: String, attribute: AttributeSyntax)] = []
        var failed = false
        for member in declaration.memberBlock.members {
            guard let function = member.decl.as(FunctionDeclSyntax.self),
                let attribute = function.attributes.first(named: Set(methods.keys).union(["WebSocketRoute"]))
            else { continue }
            guard let endpoint = Endpoint(function: function, attribute: attribute, context: context) else {
                failed = true
                continue
            }
            if let previous = declared.first(where: {
                $0.method == endpoint.method && $0.template.shape == endpoint.template.shape
            }) {
                context.diagnose(
                    Diagnostic(
                        node: attribute,
                        message: PeregrineDiagnostic.duplicateRoute(
                            method: endpoint.method, path: endpoint.template.path, previous: previous.function)))
                failed = true
                continue
            }
            if let shadowing = declared.first(where: {
                $0.method == endpoint.method && endpoint.template.isCovered(by: $0.template)
            }) {
                context.diagnose(
                    Diagnostic(
                        node: attribute,
                        message: PeregrineDiagnostic.shadowedRoute(
                            method: endpoint.method, path: endpoint.template.path, by: shadowing.function,
                            otherPath: shadowing.template.path)))
            }
            declared.append((endpoint.method, endpoint.template, endpoint.functionName, attribute))
            if endpoint.method == "WebSocketRoute" {
                webSocketRoutes.append(endpoint.routeExpression)
            } else {
                routes.append(endpoint.routeExpression)
            }
        }
        let access = accessPrefix(of: declaration.modifiers)
        let conformance = protocols.isEmpty ? "" : ": APIRouter"
        // After an error the extension still declares `routes`, so that only the real mistake is reported.
        let body = failed ? "[]" : "[\n" + routes.map { $0 + "," }.joined(separator: "\n") + "\n]"
        var webSocketMember = ""
        if !webSocketRoutes.isEmpty {
            let webSocketBody = failed ? "[]" : "[\n" + webSocketRoutes.map { $0 + "," }.joined(separator: "\n") + "\n]"
            webSocketMember = "\n\(access)var webSocketRoutes: [WebSocketEndpoint] {\n\(webSocketBody)\n}"
        }
        let source: DeclSyntax = """
            extension \(type.trimmed)\(raw: conformance) {
                \(raw: access)var routes: [Route] {
                    \(raw: body)
                }\(raw: webSocketMember)
            }
            """
        return [source.cast(ExtensionDeclSyntax.self)]
    }
}

/// One endpoint method, read and checked.
struct Endpoint {
    let method: String
    let template: RouteTemplate
    let functionName: String
    let routeExpression: String

    init?(function: FunctionDeclSyntax, attribute: AttributeSyntax, context: some MacroExpansionContext) {
        let arguments = AttributeArguments(attribute)
        let methodName = attribute.simpleName
        method = methodName
        functionName = function.name.text

        if let hidden = function.modifiers.first(where: {
            $0.name.tokenKind == .keyword(.private) || $0.name.tokenKind == .keyword(.fileprivate)
        }) {
            context.diagnose(
                Diagnostic(
                    node: hidden,
                    message: PeregrineDiagnostic.error(
                        "private-endpoint",
                        "endpoint '\(function.name.text)' cannot be \(hidden.name.text): the generated routes call it from another file"),
                    fixIt: FixIt(
                        message: PeregrineFixIt(message: "remove '\(hidden.name.text)'"),
                        changes: [
                            .replace(
                                oldNode: Syntax(hidden),
                                newNode: Syntax(TokenSyntax.identifier("", leadingTrivia: hidden.leadingTrivia)))
                        ])))
            return nil
        }

        guard let pathExpression = arguments.unlabeled.first,
            let path = AttributeArguments.stringLiteral(pathExpression)
        else {
            context.diagnose(
                Diagnostic(
                    node: attribute,
                    message: PeregrineDiagnostic.error(
                        "path-not-literal", "the route path must be a string literal, so that it can be checked")))
            return nil
        }
        switch RouteTemplate.parse(path) {
        case .success(let parsed):
            template = parsed
        case .failure(let reason):
            context.diagnose(Diagnostic(node: pathExpression, message: PeregrineDiagnostic.error("invalid-path", reason.reason)))
            return nil
        }

        var extractors: [String] = []
        var callArguments: [String] = []
        var closureParameters: [String] = []
        var failed = false
        var coveredPlaceholders: Set<String> = []
        for (index, parameter) in function.signature.parameterClause.parameters.enumerated() {
            guard
                let plan = ParameterPlan(
                    parameter: parameter, template: template, context: context)
            else {
                failed = true
                continue
            }
            if plan.source == "path" { coveredPlaceholders.insert(plan.wireName) }
            extractors.append(plan.extractor)
            let name = "p\(index)"
            closureParameters.append(name)
            callArguments.append(plan.label.map { "\($0): \(name)" } ?? name)
        }
        for placeholder in template.placeholders where !coveredPlaceholders.contains(placeholder) {
            if failed { continue }
            let clause = function.signature.parameterClause
            var parameters = Array(clause.parameters)
            if let last = parameters.indices.last {
                parameters[last] = parameters[last].with(\.trailingComma, .commaToken(trailingTrivia: .space))
            }
            parameters.append(
                FunctionParameterSyntax(
                    firstName: .identifier(placeholder), colon: .colonToken(trailingTrivia: .space),
                    type: TypeSyntax(IdentifierTypeSyntax(name: .identifier("String")))))
            let fixed = clause.with(\.parameters, FunctionParameterListSyntax(parameters))
            context.diagnose(
                Diagnostic(
                    node: pathExpression,
                    message: PeregrineDiagnostic.placeholderWithoutParameter(placeholder, path: path),
                    fixIt: FixIt(
                        message: PeregrineFixIt(message: "add a parameter '\(placeholder): String'"),
                        changes: [.replace(oldNode: Syntax(clause), newNode: Syntax(fixed))])))
            failed = true
        }
        if failed { return nil }

        let effects = function.signature.effectSpecifiers
        let isAsync = effects?.asyncSpecifier != nil
        let isThrowing = effects?.throwsClause != nil
        let isStatic = function.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
        let receiver = isStatic ? "Self" : "self"
        // `return` keeps a value-returning call from matching the route initializer for Void
        // endpoints, which a single-expression closure otherwise could.
        let returnType = function.signature.returnClause?.type.trimmedDescription
        let returnsValue = returnType != nil && returnType != "Void" && returnType != "()"
        let call =
            (returnsValue ? "return " : "") + (isThrowing ? "try " : "") + (isAsync ? "await " : "")
            + "\(receiver).\(function.name.text)(\(callArguments.joined(separator: ", ")))"
        let capture = isStatic ? "" : "[self] "
        let closureHead = closureParameters.isEmpty ? "\(capture)in" : "\(capture)\(closureParameters.joined(separator: ", ")) in"

        if methodName == "WebSocketRoute" {
            if returnsValue {
                context.diagnose(
                    Diagnostic(
                        node: function.signature.returnClause!,
                        message: PeregrineDiagnostic.error(
                            "websocket-returns-value",
                            "a WebSocket endpoint returns nothing: it talks through its WebSocket parameter")))
                return nil
            }
            var arguments = [path.literal]
            var operation = ["name: \((AttributeArguments(attribute).string("name") ?? function.name.text).literal)"]
            if let tags = AttributeArguments(attribute).labeled["tags"] { operation.append("tags: \(tags.trimmedDescription)") }
            arguments.append("operation: OperationInfo(\(operation.joined(separator: ", ")))")
            if let dependencies = AttributeArguments(attribute).labeled["dependencies"],
                let names = dependencies.as(ArrayExprSyntax.self)?.elements.map({ AttributeArguments.stringLiteral($0.expression) }),
                !names.contains(nil), !names.isEmpty
            {
                arguments.append("dependencies: [\(names.map { $0! + "Dependency" }.joined(separator: ", "))]")
            }
            arguments.append(contentsOf: extractors)
            routeExpression = "WebSocketEndpoint(\(arguments.joined(separator: ", "))) { \(closureHead)\n\(call)\n}"
            return
        }

        var routeArguments = [".\(RoutesMacro.methods[methodName]!)", path.literal]
        if let status = arguments.labeled["status"] { routeArguments.append("status: \(status.trimmedDescription)") }
        if let model = arguments.labeled["responseModel"] {
            routeArguments.append("responseModel: \(model.trimmedDescription)")
        }

        var operation = ["name: \((arguments.string("name") ?? function.name.text).literal)"]
        if let summary = arguments.labeled["summary"] { operation.append("summary: \(summary.trimmedDescription)") }
        if let description = arguments.labeled["description"] {
            operation.append("description: \(description.trimmedDescription)")
        } else if let documentation = documentation(of: function) {
            operation.append("description: \(documentation.literal)")
        }
        if let tags = arguments.labeled["tags"] { operation.append("tags: \(tags.trimmedDescription)") }
        if let deprecated = arguments.labeled["deprecated"] { operation.append("deprecated: \(deprecated.trimmedDescription)") }
        if let include = arguments.labeled["includeInSchema"] {
            operation.append("includeInSchema: \(include.trimmedDescription)")
        }
        routeArguments.append("operation: OperationInfo(\(operation.joined(separator: ", ")))")
        if let dependencies = arguments.labeled["dependencies"] {
            // Names of @Dependency functions: each refers to the dependency generated beside it.
            let names = dependencies.as(ArrayExprSyntax.self)?.elements.map { AttributeArguments.stringLiteral($0.expression) }
            guard let names, !names.contains(nil) else {
                context.diagnose(
                    Diagnostic(
                        node: dependencies,
                        message: PeregrineDiagnostic.error(
                            "dependencies-not-names",
                            "dependencies must list the names of functions marked @Dependency, such as [\"verifyToken\"]")))
                return nil
            }
            if !names.isEmpty {
                routeArguments.append("dependencies: [\(names.map { $0! + "Dependency" }.joined(separator: ", "))]")
            }
        }
        routeArguments.append(contentsOf: extractors)
        var expression = "Route(\(routeArguments.joined(separator: ", "))) { \(closureHead)\n\(call)\n}"
        if let responseClass = arguments.labeled["responseClass"] {
            expression += ".responseClass(\(responseClass.trimmedDescription))"
        }
        if let responses = arguments.labeled["responses"] {
            expression += ".responses(\(responses.trimmedDescription))"
        }
        routeExpression = expression
    }
}

/// How one endpoint parameter is extracted.
struct ParameterPlan {
    /// `path`, `query`, `header`, `cookie`, `body`, or `inferred` when the type decides.
    let source: String
    let wireName: String
    /// The argument label to call the function with, nil for `_`.
    let label: String?
    let extractor: String

    static let sourceAttributes: Set<String> = ["Query", "Path", "Header", "Cookie", "Body", "Form", "File", "Depends"]

    /// Reads one parameter of an endpoint (with its route's `template`) or of a dependency
    /// (`template` nil: a dependency serves routes with any path).
    init?(parameter: FunctionParameterSyntax, template: RouteTemplate?, context: some MacroExpansionContext) {
        let firstName = parameter.firstName.text
        let internalName = parameter.secondName?.text ?? firstName
        label = firstName == "_" ? nil : firstName
        let attribute = parameter.attributes.first(named: Self.sourceAttributes)
        let arguments = attribute.map(AttributeArguments.init)
        let declaredName = firstName == "_" ? internalName : firstName
        let type = TypeShape(syntax: parameter.type)
        let defaultValue = parameter.defaultValue?.value.trimmedDescription

        if parameter.ellipsis != nil || type.isInout {
            context.diagnose(
                Diagnostic(
                    node: parameter,
                    message: PeregrineDiagnostic.error(
                        "unsupported-parameter", "endpoint parameter '\(declaredName)' cannot be variadic or inout")))
            return nil
        }

        let placeholders = template?.placeholders ?? []
        var resolvedSource: String
        switch arguments?.name {
        case "Query": resolvedSource = "query"
        case "Path": resolvedSource = "path"
        case "Header": resolvedSource = "header"
        case "Cookie": resolvedSource = "cookie"
        case "Body": resolvedSource = "body"
        case "Form": resolvedSource = "form"
        case "File": resolvedSource = "file"
        case "Depends": resolvedSource = "dependency"
        default: resolvedSource = placeholders.contains(declaredName) ? "path" : "inferred"
        }

        if resolvedSource == "dependency" {
            wireName = declaredName
            source = resolvedSource
            if let defaultClause = parameter.defaultValue {
                context.diagnose(
                    Diagnostic(
                        node: defaultClause,
                        message: PeregrineDiagnostic.error(
                            "dependency-default", "parameter '\(declaredName)' is computed by a dependency; it cannot have a default value")))
                return nil
            }
            var dependencyArguments: [String]
            if let reference = arguments?.unlabeled.first {
                dependencyArguments = [reference.trimmedDescription]
            } else {
                dependencyArguments = ["(\(parameter.type.trimmedDescription)).self"]
            }
            if let useCache = arguments?.labeled["useCache"] {
                dependencyArguments.append("useCache: \(useCache.trimmedDescription)")
            }
            extractor = "DependencyParameter(\(dependencyArguments.joined(separator: ", ")))"
            return
        }
        let alias = arguments?.string("alias")
        var name = alias ?? declaredName
        if resolvedSource == "header", alias == nil, arguments?.bool("convertUnderscores") != false {
            name = headerName(for: declaredName)
        }
        wireName = name
        source = resolvedSource

        if let pattern = arguments?.string("pattern"), (try? Regex(pattern)) == nil {
            context.diagnose(
                Diagnostic(
                    node: arguments!.labeled["pattern"]!,
                    message: PeregrineDiagnostic.error("invalid-pattern", "'\(pattern)' is not a valid regular expression")))
            return nil
        }

        // Check that the type can come from the source, as far as the written type tells.
        let sourceTitle = ["path": "path", "query": "query", "header": "header", "cookie": "cookie", "form": "form"][
            resolvedSource]
        if let sourceTitle {
            var reason: String?
            if type.isDictionary || type.unwrapped.isDictionary {
                reason = "a \(sourceTitle) value is text, not a dictionary; read dictionaries from the body"
            } else if type.isTuple || type.isFunction {
                reason = "only scalars and arrays of scalars can come from the \(sourceTitle)"
            } else if let element = type.unwrapped.arrayElement {
                let elementShape = TypeShape(syntax: element)
                if resolvedSource == "path" || resolvedSource == "cookie" {
                    reason = "a \(sourceTitle) parameter holds a single value, not a list"
                } else if elementShape.isArray || elementShape.isDictionary || elementShape.isOptional {
                    reason = "the elements of a \(sourceTitle) list must be scalars"
                }
            }
            if let reason {
                context.diagnose(
                    Diagnostic(
                        node: parameter.type,
                        message: PeregrineDiagnostic.unsupportedType(
                            declaredName, source: sourceTitle, type: type.description, reason: reason)))
                return nil
            }
        }
        if resolvedSource == "path" {
            if let template, !template.placeholders.contains(name) {
                context.diagnose(
                    Diagnostic(
                        node: parameter,
                        message: PeregrineDiagnostic.pathParameterNotInTemplate(name, path: template.path)))
                return nil
            }
            if let wrapped = type.optionalWrapped {
                context.diagnose(
                    Diagnostic(
                        node: parameter.type, message: PeregrineDiagnostic.optionalPathParameter(declaredName),
                        fixIt: FixIt(
                            message: PeregrineFixIt(message: "make '\(declaredName)' non-optional"),
                            changes: [.replace(oldNode: Syntax(parameter.type), newNode: Syntax(wrapped.trimmed))])))
                return nil
            }
            if let defaultClause = parameter.defaultValue {
                context.diagnose(
                    Diagnostic(
                        node: defaultClause, message: PeregrineDiagnostic.pathParameterWithDefault(declaredName),
                        fixIt: FixIt(
                            message: PeregrineFixIt(message: "remove the default value"),
                            changes: [
                                .replace(oldNode: Syntax(parameter), newNode: Syntax(parameter.with(\.defaultValue, nil)))
                            ])))
                return nil
            }
        } else if let template, template.placeholders.contains(name) {
            context.diagnose(
                Diagnostic(
                    node: parameter,
                    message: PeregrineDiagnostic.error(
                        "placeholder-from-other-source",
                        "'\(name)' is a placeholder of path '\(template.path)', so it must come from the path, not the \(resolvedSource)"
                    )))
            return nil
        }

        var extractorArguments = [name.literal]
        let typeText = parameter.type.trimmedDescription
        if resolvedSource == "inferred" {
            var inferred = "InferredParameter.make((\(typeText)).self, \(name.literal)"
            if let defaultValue { inferred += ", default: \(defaultValue)" }
            extractor = inferred + ")"
            return
        }
        if let defaultValue, resolvedSource != "path" { extractorArguments.append("default: \(defaultValue)") }
        if resolvedSource == "body", arguments?.bool("embed") == true { extractorArguments.append("embed: true") }
        if resolvedSource != "file", let constraints = arguments?.constraintsExpression {
            extractorArguments.append("constraints: \(constraints)")
        }
        if let description = arguments?.labeled["description"] {
            extractorArguments.append("description: \(description.trimmedDescription)")
        }
        if resolvedSource != "file", let deprecated = arguments?.labeled["deprecated"] {
            extractorArguments.append("deprecated: \(deprecated.trimmedDescription)")
        }
        let extractorType =
            ["path": "PathParameter", "query": "QueryParameter", "header": "HeaderParameter", "cookie": "CookieParameter",
             "body": "BodyParameter", "form": "FormParameter", "file": "FileParameter"][resolvedSource]!
        var expression = "\(extractorType)<\(typeText)>(\(extractorArguments.joined(separator: ", ")))"
        if resolvedSource != "file", let examples = arguments?.labeled["examples"] {
            expression += ".documented(examples: \(examples.trimmedDescription))"
        }
        extractor = expression
    }
}

/// `@GET`, `@POST` and the other route macros only mark methods for `@Routes`; used elsewhere
/// they say so.
public struct RouteMarkerMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard declaration.is(FunctionDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error("route-on-non-function", "@\(node.simpleName) applies to methods")))
            return []
        }
        let enclosing = context.lexicalContext.first
        let attributes =
            enclosing?.as(StructDeclSyntax.self)?.attributes ?? enclosing?.as(ClassDeclSyntax.self)?.attributes
            ?? enclosing?.as(EnumDeclSyntax.self)?.attributes ?? enclosing?.as(ActorDeclSyntax.self)?.attributes
            ?? enclosing?.as(ExtensionDeclSyntax.self)?.attributes
        if attributes?.first(named: ["Routes"]) == nil {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: PeregrineDiagnostic.error(
                        "route-outside-routes",
                        "@\(node.simpleName) declares a route only on a method of a type marked @Routes")))
        }
        return []
    }
}
