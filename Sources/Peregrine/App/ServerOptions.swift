import ArgumentParser
import Foundation
import Logging

/// Where and how an app's executable serves: from `--host`, `--port` and `--log-level`, else from
/// the `HOST`, `PORT` and `LOG_LEVEL` environment variables, else 127.0.0.1, 8000 and `info`.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level

    public init(host: String, port: Int, logLevel: Logger.Level) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
    }

    /// Reads the settings; throws an error that ArgumentParser can print for invalid input.
    public static func resolve(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServerSettings {
        let options = try ServerOptions.parse(arguments)
        let host = options.host ?? environment["HOST"] ?? "127.0.0.1"
        guard let port = options.port ?? (environment["PORT"].map { Int($0) } ?? 8000) else {
            throw ValidationError("PORT must be a number, not '\(environment["PORT"] ?? "")'")
        }
        guard (0...65535).contains(port) else { throw ValidationError("the port must be between 0 and 65535") }
        let levelName = (options.logLevel ?? environment["LOG_LEVEL"] ?? "info").lowercased()
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("unknown log level '\(levelName)'")
        }
        return ServerSettings(host: host, port: port, logLevel: level)
    }

    /// Like ``resolve(arguments:environment:)``, but prints the problem (or the help) and exits.
    static func resolveOrExit(arguments: [String], environment: [String: String]) -> ServerSettings {
        do {
            return try resolve(arguments: arguments, environment: environment)
        } catch {
            ServerOptions.exit(withError: error)
        }
    }
}

/// The command line of an app's executable.
struct ServerOptions: ParsableArguments {
    static let configuration = CommandConfiguration(
        abstract: "Serves the app over HTTP until SIGINT or SIGTERM.")

    @Option(help: "The address to listen on (default: HOST, else 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (default: PORT, else 8000).")
    var port: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: LOG_LEVEL, else info).")
    var logLevel: String?
}
