import Foundation

/// An `http` or `https` URL, validated and normalized as pydantic's `HttpUrl` is.
///
/// The text is parsed with the WHATWG URL rules that pydantic (through the Rust `url` crate)
/// applies, then must have the scheme `http` or `https` and be at most 2083 UTF-8 bytes long.
/// The result is normalized: scheme and host are lower-cased, an internationalized host is
/// Punycode-encoded (`münchen.de` → `xn--mnchen-3ya.de`), IPv4 forms such as `127.1` become
/// `127.0.0.1`, the default port is dropped, `.` and `..` path segments are resolved, an empty
/// path becomes `/`, and characters outside the URL syntax are percent-encoded.
///
/// ```swift
/// let url = HttpUrl("HTTPS://Example.COM:443/a/../b?x=1")!
/// url.description  // "https://example.com/b?x=1"
/// url.host         // "example.com"
/// url.port         // nil: 443 is https's default
/// ```
public struct HttpUrl: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The user name of `user:password@`, percent-encoded, or nil when absent or empty.
    public let username: String?
    /// The password of `user:password@`, percent-encoded, or nil when absent.
    public let password: String?
    /// The host: a lower-case ASCII domain, a dotted IPv4 address, or an IPv6 address in brackets.
    public let host: String
    /// The port when the URL gives one other than the scheme's default; nil otherwise.
    public let port: Int?
    /// The path, starting with `/`.
    public let path: String
    /// The query without its `?`, or nil when the URL has none (`""` for a bare `?`).
    public let query: String?
    /// The fragment without its `#`, or nil when the URL has none.
    public let fragment: String?
    /// The normalized URL, as pydantic serializes it.
    public let description: String

    /// Validates `text` as pydantic's `HttpUrl` does; nil where pydantic reports an error.
    public init?(_ text: String) {
        guard case .success(let parsed) = URLText.validate(.string(text), kind: .http) else { return nil }
        self.init(parsed: parsed)
    }

    init(parsed: URLText.ParsedURL) {
        scheme = parsed.scheme
        username = parsed.username
        password = parsed.password
        host = parsed.host ?? ""
        port = parsed.port.map(Int.init)
        path = parsed.path
        query = parsed.query
        fragment = parsed.fragment
        description = parsed.serialization
    }

    /// The port, or the scheme's default (80 for `http`, 443 for `https`): pydantic's `port`.
    public var portOrDefault: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// The URL as a Foundation `URL`.
    public var url: Foundation.URL? { Foundation.URL(string: description) }
}

/// A URL of any scheme, validated and normalized as pydantic's `AnyUrl` is.
///
/// The same WHATWG parsing as ``HttpUrl``, without its scheme and length limits. URLs of the
/// special schemes (`http`, `https`, `ws`, `wss`, `ftp`, `file`) are normalized as described
/// there; other schemes keep their host as written (percent-encoding non-ASCII) and, without
/// `//`, an opaque path: `mailto:Joe@Example.COM` stays as it is.
public struct AnyURL: Sendable, Hashable, CustomStringConvertible {
    /// The lower-cased scheme.
    public let scheme: String
    /// The user name, percent-encoded, or nil when absent or empty.
    public let username: String?
    /// The password, percent-encoded, or nil when absent.
    public let password: String?
    /// The host, or nil when the URL has none (`mailto:`, `file:///`).
    public let host: String?
    /// The port when the URL gives one other than the scheme's default; nil otherwise.
    public let port: Int?
    /// The path, or nil when it is empty (as pydantic reports it).
    public let path: String?
    /// The query without its `?`, or nil when the URL has none.
    public let query: String?
    /// The fragment without its `#`, or nil when the URL has none.
    public let fragment: String?
    /// The normalized URL, as pydantic serializes it.
    public let description: String

    /// Validates `text` as pydantic's `AnyUrl` does; nil where pydantic reports an error.
    public init?(_ text: String) {
        guard case .success(let parsed) = URLText.validate(.string(text), kind: .any) else { return nil }
        self.init(parsed: parsed)
    }

    init(parsed: URLText.ParsedURL) {
        scheme = parsed.scheme
        username = parsed.username
        password = parsed.password
        host = parsed.host
        port = parsed.port.map(Int.init)
        let fullPath = parsed.path
        path = fullPath.isEmpty ? nil : fullPath
        query = parsed.query
        fragment = parsed.fragment
        description = parsed.serialization
    }

    /// The port, or the scheme's known default (80, 443, 21 for `ftp`): pydantic's `port`.
    public var portOrDefault: Int? { port ?? URLText.defaultPort(Array(scheme.utf8)).map(Int.init) }

    /// The URL as a Foundation `URL`.
    public var url: Foundation.URL? { Foundation.URL(string: description) }
}
