import SwiftCompilerPlugin
import SwiftSyntaxMacros
@main struct PeregrinePlugin: CompilerPlugin { let providingMacros: [any Macro.Type] = [] }
