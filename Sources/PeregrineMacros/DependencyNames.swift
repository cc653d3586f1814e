import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// A route's `dependencies:` argument: names of functions marked `@Dependency`, each referring
/// to the dependency generated beside it (macro arguments cannot refer to declarations other
/// macros generate, so they are names). One reader for HTTP and WebSocket routes.
enum DependencyNames {
    /// The dependencies' expressions (`["verifyTokenDependency"]`), an empty list without the
    /// argument, or nil after reporting an argument that is not a list of string literals.
    static func read(_ arguments: AttributeArguments, context: some MacroExpansionContext) -> [String]? {
        guard let expression = arguments.labeled["dependencies"] else { return [] }
        let names = expression.as(ArrayExprSyntax.self)?.elements.map { AttributeArguments.stringLiteral($0.expression) }
        guard let names, !names.contains(nil) else {
            context.diagnose(
                Diagnostic(
                    node: expression,
                    message: PeregrineDiagnostic.error(
                        "dependencies-not-names",
                        "dependencies must list the names of functions marked @Dependency, such as [\"verifyToken\"]")))
            return nil
        }
        return names.map { $0! + "Dependency" }
    }
}
