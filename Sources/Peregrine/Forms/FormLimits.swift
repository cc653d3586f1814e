#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits on form bodies, with Starlette's defaults where it has them and a safe one where it
/// has none.
public struct FormLimits: Sendable {
    /// The largest `multipart/form-data` body read, in bytes; larger ones are answered with 413.
    /// Starlette sets none; 100 MiB is a safe default, raise it for apps that take large uploads.
    /// (`application/x-www-form-urlencoded` bodies are held to the app's `maxBodySize`.)
    public var maxUploadSize: Int
    /// An uploaded file moves from memory to a temporary file once it is larger than this.
    public var spoolThreshold: Int
    /// The largest text field of a multipart body; larger ones are answered with 400.
    public var maxPartSize: Int
    /// The most files a body may carry.
    public var maxFiles: Int
    /// The most text fields a body may carry.
    public var maxFields: Int
    /// Where temporary files go; they are unlinked as soon as they are created.
    public var spoolDirectory: String

    public init(
        maxUploadSize: Int = 100 << 20, spoolThreshold: Int = 1 << 20, maxPartSize: Int = 1 << 20,
        maxFiles: Int = 1000, maxFields: Int = 1000, spoolDirectory: String? = nil
    ) {
        self.maxUploadSize = maxUploadSize
        self.spoolThreshold = spoolThreshold
        self.maxPartSize = maxPartSize
        self.maxFiles = maxFiles
        self.maxFields = maxFields
        self.spoolDirectory = spoolDirectory ?? Self.defaultDirectory
    }

    private static var defaultDirectory: String {
        for name in ["TMPDIR", "TEMP", "TMP"] {
            if let value = getenv(name), let text = String(validatingCString: value), !text.isEmpty { return text }
        }
        return "/tmp"
    }
}
