import SwiftDiagnostics
import SwiftSyntax

/// The messages the macros give for declaration mistakes, worded for the user who reads them.
struct PeregrineDiagnostic: DiagnosticMessage {
    let message: String
    let id: String
    let severity: DiagnosticSeverity

    var diagnosticID: MessageID { MessageID(domain: "Peregrine", id: id) }

    static func error(_ id: String, _ message: String) -> PeregrineDiagnostic {
        PeregrineDiagnostic(message: message, id: id, severity: .error)
    }

    static func warning(_ id: String, _ message: String) -> PeregrineDiagnostic {
        PeregrineDiagnostic(message: message, id: id, severity: .warning)
    }

    static func placeholderWithoutParameter(_ name: String, path: String) -> PeregrineDiagnostic {
        .error(
            "placeholder-without-parameter",
            "path '\(path)' has a placeholder '{\(name)}' but the function has no parameter named '\(name)'")
    }

    static func pathParameterNotInTemplate(_ name: String, path: String) -> PeregrineDiagnostic {
        .error("path-parameter-not-in-template", "'\(name)' is marked @Path but path '\(path)' has no placeholder '{\(name)}'")
    }

    static func optionalPathParameter(_ name: String) -> PeregrineDiagnostic {
        .error(
            "optional-path-parameter",
            "path parameter '\(name)' cannot be optional: a path always contains its placeholders")
    }

    static func pathParameterWithDefault(_ name: String) -> PeregrineDiagnostic {
        .error(
            "path-parameter-default",
            "path parameter '\(name)' cannot have a default value: a path always contains its placeholders")
    }

    static func unsupportedType(_ name: String, source: String, type: String, reason: String) -> PeregrineDiagnostic {
        .error("unsupported-parameter-type", "\(source) parameter '\(name)' cannot be of type '\(type)': \(reason)")
    }

    static func duplicateRoute(method: String, path: String, previous: String) -> PeregrineDiagnostic {
        .error("duplicate-route", "route \(method) \(path) is already declared by '\(previous)'")
    }

    static func shadowedRoute(method: String, path: String, by other: String, otherPath: String) -> PeregrineDiagnostic {
        .warning(
            "shadowed-route",
            "route \(method) \(path) is never reached: '\(other)' (\(otherPath)), declared earlier, matches every path it does")
    }
}

/// A fix-it built from a message and the replacement of one node.
struct PeregrineFixIt: FixItMessage {
    let message: String
    var fixItID: MessageID { MessageID(domain: "Peregrine", id: message) }
}

/// An error that stops the expansion after its diagnostics have been emitted.
struct DiagnosticsEmitted: Error {}
