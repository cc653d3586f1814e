import Logging
import Peregrine
import Testing

/// An app's executable serves on 127.0.0.1:8000 unless its command line or environment says otherwise.
@Suite("Server settings")
struct ServerSettingsTests {
    @Test("defaults")
    func defaults() throws {
        #expect(try ServerSettings.resolve(arguments: [], environment: [:]) == ServerSettings(host: "127.0.0.1", port: 8000, logLevel: .info))
    }

    @Test("the environment changes the defaults")
    func environment() throws {
        let settings = try ServerSettings.resolve(arguments: [], environment: ["HOST": "0.0.0.0", "PORT": "9000", "LOG_LEVEL": "DEBUG"])
        #expect(settings == ServerSettings(host: "0.0.0.0", port: 9000, logLevel: .debug))
    }

    @Test("the command line wins over the environment")
    func commandLine() throws {
        let settings = try ServerSettings.resolve(
            arguments: ["--host", "::1", "--port", "8080", "--log-level", "warning"], environment: ["HOST": "0.0.0.0", "PORT": "9000"])
        #expect(settings == ServerSettings(host: "::1", port: 8080, logLevel: .warning))
    }

    @Test("invalid values are refused")
    func invalid() {
        #expect(throws: (any Error).self) { try ServerSettings.resolve(arguments: ["--port", "http"], environment: [:]) }
        #expect(throws: (any Error).self) { try ServerSettings.resolve(arguments: ["--port", "70000"], environment: [:]) }
        #expect(throws: (any Error).self) { try ServerSettings.resolve(arguments: [], environment: ["PORT": "eighty"]) }
        #expect(throws: (any Error).self) { try ServerSettings.resolve(arguments: ["--log-level", "loud"], environment: [:]) }
        #expect(throws: (any Error).self) { try ServerSettings.resolve(arguments: ["--unknown"], environment: [:]) }
    }
}
