import Foundation

/// pydantic 2's `HttpUrl` and `AnyUrl` validation: the WHATWG URL parsing of the Rust `url` crate
/// (2.5.x, which pydantic-core uses), ported to work on UTF-8 bytes, and pydantic's checks
/// around it (`url_type`, `url_too_long`, `url_parsing`, `url_scheme`).
///
/// What the parser does, as the `url` crate does it: leading and trailing C0 controls and spaces
/// are dropped and tabs and newlines anywhere are ignored; the scheme is lower-cased; the special
/// schemes (`http`, `https`, `ws`, `wss`, `ftp`, `file`) get a host (lower-cased, IDNA-encoded,
/// `127.1` and `0x7f.1` read as IPv4 addresses, `[…]` as IPv6 and written in RFC 5952 form) and a
/// path that starts with `/`, in which `\` is a separator and `.`/`..` segments (also `%2e`) are
/// resolved; the default port is dropped; user info, path, query and fragment are
/// percent-encoded with WHATWG's sets (existing `%` escapes are kept as written). Other schemes
/// keep an opaque host and, without `//`, an opaque path. There is no base URL, so any relative
/// reference is `relative URL without a base`.
///
/// Not covered (differences from the `url` crate): IDNA uses an approximation of UTS-46
/// mapping instead of its full table: ASCII lower-casing, a short list of ignored code points
/// (soft hyphen, zero-width space, variation selectors…), NFKC plus per-code-point lower-casing
/// for the rest, then NFC; code points of the categories Cc, Cf, Cs, Co, Cn, Zs, Zl, Zp and a few
/// known ones (Georgian capitals, Hangul fillers, U+04C0) are refused. ContextJ uses the virama rule and
/// an approximate Joining_Type table (Arabic, Syriac, N'Ko, Mongolian), and the RFC 5893 bidi
/// rule an approximate bidi classification (script ranges and general categories). Unicode
/// versions differ too (Swift's data may know code points the crate's data does not). Measured
/// against pydantic on the WPT URL inputs and the UTS-46 test hosts (7398 URLs), 7 differ, all
/// in IDNA (e.g. a CJK ideograph assigned in a newer Unicode version is accepted here and
/// refused there).
enum URLText {

    /// Which pydantic type validates.
    enum Kind: Sendable {
        /// `HttpUrl`: at most 2083 UTF-8 bytes of input, scheme `http` or `https`.
        case http
        /// `AnyUrl`: any scheme, any length.
        case any
    }

    /// The `url` crate's `ParseError`, with its messages (pydantic's ctx `error`).
    enum ParseError: String, Error, Sendable {
        case emptyHost = "empty host"
        case idnaError = "invalid international domain name"
        case invalidPort = "invalid port number"
        case invalidIPv4Address = "invalid IPv4 address"
        case invalidIPv6Address = "invalid IPv6 address"
        case invalidDomainCharacter = "invalid domain character"
        case relativeURLWithoutBase = "relative URL without a base"
        case overflow = "URLs more than 4 GB are not supported"
    }

    enum HostKind: Sendable, Hashable {
        case none, domain, ipv4, ipv6
    }

    /// A parsed URL: its serialization (the crate's `as_str()`) and the component offsets.
    struct ParsedURL: Sendable, Hashable {
        let serialization: String
        let schemeEnd: Int
        let usernameEnd: Int
        let hostStart: Int
        let hostEnd: Int
        let hostKind: HostKind
        let port: UInt16?
        let pathStart: Int
        let queryStart: Int?
        let fragmentStart: Int?

        private func slice(_ range: Range<Int>) -> String {
            let utf8 = serialization.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let end = utf8.index(start, offsetBy: range.count)
            return String(serialization[start..<end])
        }

        private var byteCount: Int { serialization.utf8.count }

        private func byte(at offset: Int) -> UInt8 {
            serialization.utf8[serialization.utf8.index(serialization.utf8.startIndex, offsetBy: offset)]
        }

        private var hasAuthority: Bool {
            byteCount >= schemeEnd + 3 && slice(schemeEnd..<schemeEnd + 3) == "://"
        }

        var scheme: String { slice(0..<schemeEnd) }
        /// The user name, or nil when empty (as pydantic reports it).
        var username: String? {
            guard hasAuthority, usernameEnd > schemeEnd + 3 else { return nil }
            return slice(schemeEnd + 3..<usernameEnd)
        }
        var password: String? {
            guard hasAuthority, usernameEnd != byteCount, byte(at: usernameEnd) == UInt8(ascii: ":") else { return nil }
            return slice(usernameEnd + 1..<hostStart - 1)
        }
        var host: String? { hostKind == .none ? nil : slice(hostStart..<hostEnd) }
        var path: String { slice(pathStart..<(queryStart ?? fragmentStart ?? byteCount)) }
        var query: String? { queryStart.map { slice($0 + 1..<(fragmentStart ?? byteCount)) } }
        var fragment: String? { fragmentStart.map { slice($0 + 1..<byteCount) } }
        /// The port, or the scheme's default (`port_or_known_default`, pydantic's `port`).
        var portOrDefault: UInt16? { port ?? URLText.defaultPort(Array(scheme.utf8)) }
    }

    // MARK: - pydantic

    static func validate(_ input: ScalarInput, kind: Kind) -> Result<ParsedURL, ScalarProblem> {
        guard case .string(let text) = input else {
            return .failure(ScalarProblem(type: "url_type", message: "URL input should be a string or URL"))
        }
        if kind == .http, text.utf8.count > 2083 {
            return .failure(
                ScalarProblem(
                    type: "url_too_long", message: "URL should have at most 2083 characters",
                    context: [("max_length", .int(2083))]))
        }
        if text.isEmpty { return .failure(parsingProblem("input is empty")) }
        let url: ParsedURL
        switch parse(text) {
        case .success(let parsed): url = parsed
        case .failure(let error): return .failure(parsingProblem(error.rawValue))
        }
        if kind == .http, case let scheme = url.scheme, scheme != "http", scheme != "https" {
            return .failure(
                ScalarProblem(
                    type: "url_scheme", message: "URL scheme should be 'http' or 'https'",
                    context: [("expected_schemes", .string("'http' or 'https'"))]))
        }
        return .success(url)
    }

    private static func parsingProblem(_ error: String) -> ScalarProblem {
        ScalarProblem(
            type: "url_parsing", message: "Input should be a valid URL, \(error)", context: [("error", .string(error))])
    }

    /// The `url` crate's `Url::parse(text)`.
    static func parse(_ text: String) -> Result<ParsedURL, ParseError> {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] <= 0x20 { start += 1 }
        while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
        var parser = Parser(input: bytes, end: end)
        do {
            return .success(try parser.parseURL(start))
        } catch let error as ParseError {
            return .failure(error)
        } catch {
            return .failure(.relativeURLWithoutBase)
        }
    }

    static func defaultPort(_ scheme: [UInt8]) -> UInt16? {
        switch String(decoding: scheme, as: UTF8.self) {
        case "http", "ws": 80
        case "https", "wss": 443
        case "ftp": 21
        default: nil
        }
    }

    // MARK: - Percent-encoding sets

    struct ASCIISet: Sendable {
        var low: UInt64
        var high: UInt64

        func contains(_ byte: UInt8) -> Bool {
            if byte >= 0x80 { return true }
            return byte < 64 ? low & (1 << UInt64(byte)) != 0 : high & (1 << UInt64(byte - 64)) != 0
        }

        func adding(_ characters: String) -> ASCIISet {
            var set = self
            for byte in characters.utf8 {
                if byte < 64 { set.low |= 1 << UInt64(byte) } else { set.high |= 1 << UInt64(byte - 64) }
            }
            return set
        }
    }

    /// C0 controls and DEL (and, implicitly, every non-ASCII byte).
    static let controls = ASCIISet(low: 0xFFFF_FFFF, high: 1 << 63)
    static let fragmentSet = controls.adding(" \"<>`")
    static let pathSet = fragmentSet.adding("#?{}")
    static let userinfoSet = pathSet.adding("/:;=@[\\]^|")
    static let querySet = controls.adding(" \"#<>")
    static let specialQuerySet = querySet.adding("'")

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func appendEncoded(_ byte: UInt8, _ set: ASCIISet, to out: inout [UInt8]) {
        if set.contains(byte) {
            out.append(UInt8(ascii: "%"))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        } else {
            out.append(byte)
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
