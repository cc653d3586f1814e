import SwiftCompilerPlugin
import SwiftSyntaxMacros

@main
struct PeregrinePlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [
        RoutesMacro.self,
        RouteMarkerMacro.self,
        ModelMacro.self,
        UnionMacro.self,
        FieldMarkerMacro.self,
        DependencyMacro.self,
        DependableMacro.self,
    ]
}
