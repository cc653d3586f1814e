import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Routes`: makes the annotated type an `RouteCollection` whose `routes` are built from its methods
/// marked with a route macro (`@GET("/path")` and friends).
public struct RoutesMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        var routes: [String] = []
        var webSocketRoutes: [String] = []
        var declared: [(kind: Endpoint.Kind, template: RouteTemplate, function: String)] = []
        var failed = false
        for member in declaration.memberBlock.members {
            guard let function = member.decl.as(FunctionDeclSyntax.self),
                let attribute = function.attributes.first(named: Set(Endpoint.attributes.keys))
            else { continue }
            guard let endpoint = Endpoint(function: function, attribute: attribute, context: context) else {
                failed = true
                continue
            }
            if let previous = declared.first(where: {
                $0.kind == endpoint.kind && $0.template.shape == endpoint.template.shape
            }) {
                context.diagnose(
                    Diagnostic(
                        node: attribute,
                        message: PeregrineDiagnostic.duplicateRoute(
                            method: attribute.simpleName, path: endpoint.template.path, previous: previous.function)))
                failed = true
                continue
            }
            if let shadowing = declared.first(where: {
                $0.kind == endpoint.kind && endpoint.template.isCovered(by: $0.template)
            }) {
                context.diagnose(
                    Diagnostic(
                        node: attribute,
                        message: PeregrineDiagnostic.shadowedRoute(
                            method: attribute.simpleName, path: endpoint.template.path, by: shadowing.function,
                            otherPath: shadowing.template.path)))
            }
            declared.append((endpoint.kind, endpoint.template, endpoint.functionName))
            if endpoint.kind == .webSocket {
                webSocketRoutes.append(endpoint.expression)
            } else {
                routes.append(endpoint.expression)
            }
        }
        let access = accessPrefix(of: declaration.modifiers)
        let conformance = protocols.isEmpty ? "" : ": RouteCollection"
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
