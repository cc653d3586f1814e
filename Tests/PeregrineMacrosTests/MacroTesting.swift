import PeregrineMacros
import SwiftSyntaxBuilder
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

let peregrineMacros: [String: MacroSpec] = [
    "Routes": MacroSpec(type: RoutesMacro.self, conformances: ["RouteCollection"]),
    "GET": MacroSpec(type: RouteMarkerMacro.self),
    "POST": MacroSpec(type: RouteMarkerMacro.self),
    "PUT": MacroSpec(type: RouteMarkerMacro.self),
    "PATCH": MacroSpec(type: RouteMarkerMacro.self),
    "DELETE": MacroSpec(type: RouteMarkerMacro.self),
    "HEAD": MacroSpec(type: RouteMarkerMacro.self),
    "OPTIONS": MacroSpec(type: RouteMarkerMacro.self),
    "WebSocketRoute": MacroSpec(type: RouteMarkerMacro.self),
    "Model": MacroSpec(type: ModelMacro.self, conformances: ["ModelContent"]),
    "Field": MacroSpec(type: FieldMarkerMacro.self),
    "Computed": MacroSpec(type: FieldMarkerMacro.self),
    "FieldValidator": MacroSpec(type: FieldMarkerMacro.self),
    "ModelValidator": MacroSpec(type: FieldMarkerMacro.self),
    "Union": MacroSpec(type: UnionMacro.self, conformances: ["Content"]),
    "Dependency": MacroSpec(type: DependencyMacro.self),
    "Dependable": MacroSpec(type: DependableMacro.self, conformances: ["DependencyType"]),
]

/// Expands the Peregrine macros in `source` and checks the result, diagnostics and fix-its.
func assertExpansion(
    _ source: String,
    expandedSource: String,
    diagnostics: [DiagnosticSpec] = [],
    applyFixIts: [String]? = nil,
    fixedSource: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertMacroExpansion(
        source, expandedSource: expandedSource, diagnostics: diagnostics, macroSpecs: peregrineMacros,
        applyFixIts: applyFixIts, fixedSource: fixedSource,
        failureHandler: { failure in
            Issue.record("\(failure.message)", sourceLocation: sourceLocation)
        })
}
