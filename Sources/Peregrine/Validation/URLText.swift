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

    // MARK: - Parser

    enum SchemeType {
        case file, specialNotFile, notSpecial

        var isSpecial: Bool { self != .notSpecial }
    }

    enum Host {
        case domain([UInt8])
        case ipv4(UInt32)
        case ipv6([UInt16])

        var kind: HostKind {
            switch self {
            case .domain(let name): name.isEmpty ? .none : .domain
            case .ipv4: .ipv4
            case .ipv6: .ipv6
            }
        }
    }

    struct Parser {
        let input: [UInt8]
        let end: Int
        var out: [UInt8] = []

        init(input: [UInt8], end: Int) {
            self.input = input
            self.end = end
            out.reserveCapacity(end)
        }

        // The crate's `Input`: tabs and newlines are invisible.

        private static func isTabOrNewline(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x0A || byte == 0x0D }

        private func next(_ index: inout Int) -> UInt8? {
            while index < end {
                let byte = input[index]
                index += 1
                if !Parser.isTabOrNewline(byte) { return byte }
            }
            return nil
        }

        /// The first visible byte and the position after it.
        private func first(_ index: Int) -> (UInt8?, Int) {
            var position = index
            let byte = next(&position)
            return (byte, position)
        }

        private func afterPrefix(_ index: Int, _ prefix: String) -> Int? {
            var position = index
            for byte in prefix.utf8 where next(&position) != byte { return nil }
            return position
        }

        private static let slash = UInt8(ascii: "/")
        private static let backslash = UInt8(ascii: "\\")
        private static let question = UInt8(ascii: "?")
        private static let hash = UInt8(ascii: "#")
        private static let colon = UInt8(ascii: ":")

        mutating func parseURL(_ index: Int) throws -> ParsedURL {
            guard let remaining = parseScheme(index) else { throw ParseError.relativeURLWithoutBase }
            return try parseWithScheme(remaining)
        }

        private mutating func parseScheme(_ index: Int) -> Int? {
            guard let firstByte = first(index).0, URLText.isAlpha(firstByte) else { return nil }
            var position = index
            while let byte = next(&position) {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"),
                    UInt8(ascii: "-"), UInt8(ascii: "."):
                    out.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    out.append(byte | 0x20)
                case Parser.colon:
                    return position
                default:
                    out.removeAll()
                    return nil
                }
            }
            out.removeAll()
            return nil
        }

        private mutating func parseWithScheme(_ index: Int) throws -> ParsedURL {
            let schemeEnd = out.count
            let schemeType: SchemeType =
                switch String(decoding: out, as: UTF8.self) {
                case "http", "https", "ws", "wss", "ftp": .specialNotFile
                case "file": .file
                default: .notSpecial
                }
            out.append(Parser.colon)
            switch schemeType {
            case .file:
                out.removeAll()
                return try parseFile(index)
            case .specialNotFile:
                var position = index
                while true {
                    let (byte, after) = first(position)
                    guard byte == Parser.slash || byte == Parser.backslash else { break }
                    position = after
                }
                return try afterDoubleSlash(position, schemeType, schemeEnd)
            case .notSpecial:
                return try parseNonSpecial(index, schemeEnd)
            }
        }

        private mutating func parseNonSpecial(_ index: Int, _ schemeEnd: Int) throws -> ParsedURL {
            if let position = afterPrefix(index, "//") {
                return try afterDoubleSlash(position, .notSpecial, schemeEnd)
            }
            let pathStart = out.count
            let remaining: Int
            if let position = afterPrefix(index, "/") {
                out.append(Parser.slash)
                var hasHost = false
                remaining = parsePath(.notSpecial, &hasHost, pathStart, position)
            } else {
                remaining = parseCannotBeABasePath(index)
            }
            return withQueryAndFragment(
                .notSpecial, schemeEnd, pathStart, pathStart, pathStart, .none, nil, pathStart, remaining)
        }

        private mutating func parseFile(_ index: Int) throws -> ParsedURL {
            let (firstByte, afterFirst) = first(index)
            if firstByte == Parser.slash || firstByte == Parser.backslash {
                let (nextByte, afterNext) = first(afterFirst)
                if nextByte == Parser.slash || nextByte == Parser.backslash {
                    out += Array("file://".utf8)
                    let hostStart = 7
                    let (hostFound, parsedHost, afterHost) = try parseFileHost(afterNext)
                    var hostEnd = out.count
                    var hasHost = parsedHost != .none
                    var hostKind = parsedHost
                    let remaining: Int
                    if hostFound {
                        remaining = parsePathStart(.file, &hasHost, afterHost)
                    } else {
                        let pathStart = out.count
                        out.append(Parser.slash)
                        remaining = parsePath(.file, &hasHost, pathStart, afterHost)
                    }
                    // A Windows drive letter in the path removes the host.
                    if !hasHost {
                        out.removeSubrange(hostStart..<hostEnd)
                        hostEnd = hostStart
                        hostKind = .none
                    }
                    let (queryStart, fragmentStart) = parseQueryAndFragment(.file, remaining)
                    return finish(4, hostStart, hostStart, hostEnd, hostKind, nil, hostEnd, queryStart, fragmentStart)
                }
                out += Array("file://".utf8)
                var hasHost = false
                // The path starts at the single slash.
                let remaining = parsePath(.file, &hasHost, 7, index)
                let (queryStart, fragmentStart) = parseQueryAndFragment(.file, remaining)
                return finish(4, 7, 7, 7, .none, nil, 7, queryStart, fragmentStart)
            }
            out += Array("file:///".utf8)
            var hasHost = false
            let remaining = parsePath(.file, &hasHost, 7, index)
            let (queryStart, fragmentStart) = parseQueryAndFragment(.file, remaining)
            return finish(4, 7, 7, 7, .none, nil, 7, queryStart, fragmentStart)
        }

        /// (whether a host was written, its kind, the position after it)
        private mutating func parseFileHost(_ index: Int) throws -> (Bool, HostKind, Int) {
            var position = index
            var host: [UInt8] = []
            while position < end {
                let byte = input[position]
                if byte == Parser.slash || byte == Parser.backslash || byte == Parser.question || byte == Parser.hash {
                    break
                }
                if !Parser.isTabOrNewline(byte) { host.append(byte) }
                position += 1
            }
            if URLText.isWindowsDriveLetter(host[...]) { return (false, .none, index) }
            if host.isEmpty { return (false, .none, position) }
            let parsed = try URLText.parseSpecialHost(host)
            if case .domain(let name) = parsed, name == Array("localhost".utf8) { return (false, .none, position) }
            URLText.writeHost(parsed, to: &out)
            return (true, parsed.kind, position)
        }

        private mutating func afterDoubleSlash(_ index: Int, _ schemeType: SchemeType, _ schemeEnd: Int) throws
            -> ParsedURL
        {
            out.append(Parser.slash)
            out.append(Parser.slash)
            let beforeAuthority = out.count
            let (usernameEnd, afterUserinfo) = try parseUserinfo(index, schemeType)
            let hasAuthority = beforeAuthority != out.count
            let hostStart = out.count
            let (hostEnd, hostKind, port, afterHost) = try parseHostAndPort(afterUserinfo, schemeEnd, schemeType)
            if hostKind == .none, hasAuthority { throw ParseError.emptyHost }
            let pathStart = out.count
            var hasHost = true
            let remaining = parsePathStart(schemeType, &hasHost, afterHost)
            return withQueryAndFragment(
                schemeType, schemeEnd, usernameEnd, hostStart, hostEnd, hostKind, port, pathStart, remaining)
        }

        /// (username end, position after the user info)
        private mutating func parseUserinfo(_ index: Int, _ schemeType: SchemeType) throws -> (Int, Int) {
            var lastAt: (count: Int, after: Int)?
            var position = index
            var count = 0
            while let byte = next(&position) {
                if byte == UInt8(ascii: "@") {
                    lastAt = (count, position)
                } else if byte == Parser.slash || byte == Parser.question || byte == Parser.hash
                    || (byte == Parser.backslash && schemeType.isSpecial)
                {
                    break
                }
                count += 1
            }
            guard let lastAt else { return (out.count, index) }
            if lastAt.count == 0 {
                if let byte = first(lastAt.after).0,
                    byte == Parser.slash || byte == Parser.question || byte == Parser.hash
                        || (schemeType.isSpecial && byte == Parser.backslash)
                {
                    throw ParseError.emptyHost
                }
                return (out.count, lastAt.after)
            }
            var remainingCount = lastAt.count
            var usernameEnd: Int?
            var hasPassword = false
            var hasUsername = false
            var cursor = index
            while remainingCount > 0, let byte = next(&cursor) {
                remainingCount -= 1
                if byte == Parser.colon, usernameEnd == nil {
                    usernameEnd = out.count
                    if remainingCount > 0 {
                        out.append(Parser.colon)
                        hasPassword = true
                    }
                } else {
                    if !hasPassword { hasUsername = true }
                    URLText.appendEncoded(byte, URLText.userinfoSet, to: &out)
                }
            }
            let end = usernameEnd ?? out.count
            if hasUsername || hasPassword { out.append(UInt8(ascii: "@")) }
            return (end, lastAt.after)
        }

        private mutating func parseHostAndPort(_ index: Int, _ schemeEnd: Int, _ schemeType: SchemeType) throws -> (
            Int, HostKind, UInt16?, Int
        ) {
            var position = index
            var insideBrackets = false
            var hostBytes: [UInt8] = []
            while position < end {
                let byte = input[position]
                if byte == Parser.colon, !insideBrackets { break }
                if byte == Parser.backslash, schemeType.isSpecial { break }
                if byte == Parser.slash || byte == Parser.question || byte == Parser.hash { break }
                position += 1
                if Parser.isTabOrNewline(byte) { continue }
                if byte == UInt8(ascii: "[") { insideBrackets = true }
                if byte == UInt8(ascii: "]") { insideBrackets = false }
                hostBytes.append(byte)
            }
            if schemeType == .specialNotFile, hostBytes.isEmpty { throw ParseError.emptyHost }
            let host =
                schemeType.isSpecial ? try URLText.parseSpecialHost(hostBytes) : try URLText.parseOpaqueHost(hostBytes)
            URLText.writeHost(host, to: &out)
            let hostEnd = out.count
            if case .domain(let name) = host, name.isEmpty {
                if afterPrefix(position, ":") != nil { throw ParseError.emptyHost }
                if schemeType.isSpecial { throw ParseError.emptyHost }
            }
            var port: UInt16?
            if let afterColon = afterPrefix(position, ":") {
                let (parsedPort, after) = try parsePort(afterColon, URLText.defaultPort(Array(out[0..<schemeEnd])))
                if let parsedPort {
                    out.append(Parser.colon)
                    out += Array(String(parsedPort).utf8)
                }
                port = parsedPort
                position = after
            }
            return (hostEnd, host.kind, port, position)
        }

        private func parsePort(_ index: Int, _ defaultPort: UInt16?) throws -> (UInt16?, Int) {
            var port: UInt32 = 0
            var hasDigit = false
            var position = index
            while true {
                let (byte, after) = first(position)
                guard let byte else { break }
                if URLText.isDigit(byte) {
                    port = port * 10 + UInt32(byte - UInt8(ascii: "0"))
                    if port > UInt32(UInt16.max) { throw ParseError.invalidPort }
                    hasDigit = true
                } else if byte != Parser.slash, byte != Parser.backslash, byte != Parser.question, byte != Parser.hash {
                    throw ParseError.invalidPort
                } else {
                    break
                }
                position = after
            }
            let value = UInt16(port)
            return (hasDigit && value != defaultPort ? value : nil, position)
        }

        private mutating func parsePathStart(_ schemeType: SchemeType, _ hasHost: inout Bool, _ index: Int) -> Int {
            let pathStart = out.count
            let (byte, after) = first(index)
            if schemeType.isSpecial {
                if out.last != Parser.slash {
                    out.append(Parser.slash)
                    if byte == Parser.slash || byte == Parser.backslash {
                        return parsePath(schemeType, &hasHost, pathStart, after)
                    }
                }
                return parsePath(schemeType, &hasHost, pathStart, index)
            } else if byte == Parser.question || byte == Parser.hash {
                return index
            }
            if byte != nil, byte != Parser.slash { out.append(Parser.slash) }
            return parsePath(schemeType, &hasHost, pathStart, index)
        }

        private mutating func flush(_ range: Range<Int>) {
            for index in range { URLText.appendEncoded(input[index], URLText.pathSet, to: &out) }
        }

        private mutating func parsePath(
            _ schemeType: SchemeType, _ hasHost: inout Bool, _ pathStart: Int, _ index: Int
        ) -> Int {
            var position = index
            while true {
                var segmentStart = out.count
                var endsWithSlash = false
                var pending = position
                scan: while true {
                    guard position < end else {
                        flush(pending..<position)
                        break scan
                    }
                    let byte = input[position]
                    switch byte {
                    case 0x09, 0x0A, 0x0D:
                        flush(pending..<position)
                        position += 1
                        pending = position
                    case Parser.slash:
                        flush(pending..<position)
                        out.append(Parser.slash)
                        position += 1
                        endsWithSlash = true
                        break scan
                    case Parser.backslash where schemeType.isSpecial:
                        flush(pending..<position)
                        out.append(Parser.slash)
                        position += 1
                        endsWithSlash = true
                        break scan
                    case Parser.question, Parser.hash:
                        flush(pending..<position)
                        break scan
                    default:
                        if schemeType == .file, out.count > pathStart,
                            URLText.isNormalizedWindowsDriveLetter(out[(pathStart + 1)...])
                        {
                            flush(pending..<position)
                            pending = position
                            out.append(Parser.slash)
                            segmentStart += 1
                        }
                        position += 1
                    }
                }
                let segment = out[segmentStart..<(out.count - (endsWithSlash ? 1 : 0))]
                if URLText.isDoubleDotSegment(segment) {
                    out.removeSubrange(segmentStart...)
                    if out.last == Parser.slash, lastSlashCanBeRemoved(pathStart) { out.removeLast() }
                    shortenPath(schemeType, pathStart)
                    if endsWithSlash, out.last != Parser.slash { out.append(Parser.slash) }
                } else if URLText.isSingleDotSegment(segment) {
                    out.removeSubrange(segmentStart...)
                    if out.last != Parser.slash { out.append(Parser.slash) }
                } else if schemeType == .file, segmentStart == pathStart + 1, URLText.isWindowsDriveLetter(segment) {
                    let letter = segment[segment.startIndex]
                    out.removeSubrange(segmentStart...)
                    out.append(letter)
                    out.append(Parser.colon)
                    if endsWithSlash { out.append(Parser.slash) }
                    if hasHost { hasHost = false }
                }
                if !endsWithSlash { break }
            }
            if schemeType == .file {
                // Leading empty segments go.
                let path = out[pathStart...].drop { $0 == Parser.slash }
                let kept = Array(path)
                out.removeSubrange(pathStart...)
                out.append(Parser.slash)
                out += kept
            }
            return position
        }

        private func lastSlashCanBeRemoved(_ pathStart: Int) -> Bool {
            guard let slash = out[0..<(out.count - 1)].lastIndex(of: Parser.slash) else { return false }
            return slash >= pathStart && !URLText.pathStartsWithWindowsDriveLetter(out[slash...])
        }

        private mutating func shortenPath(_ schemeType: SchemeType, _ pathStart: Int) {
            if out.count == pathStart { return }
            if schemeType == .file, URLText.isNormalizedWindowsDriveLetter(out[pathStart...]) { return }
            popPath(schemeType, pathStart)
        }

        private mutating func popPath(_ schemeType: SchemeType, _ pathStart: Int) {
            guard out.count > pathStart, let slash = out[pathStart...].lastIndex(of: Parser.slash) else { return }
            let segmentStart = slash + 1
            if !(schemeType == .file && URLText.isNormalizedWindowsDriveLetter(out[segmentStart...])) {
                out.removeSubrange(segmentStart...)
            }
        }

        private mutating func parseCannotBeABasePath(_ index: Int) -> Int {
            var position = index
            while true {
                let before = position
                guard let byte = next(&position) else { return position }
                if byte == Parser.question || byte == Parser.hash { return before }
                URLText.appendEncoded(byte, URLText.controls, to: &out)
            }
        }

        private mutating func withQueryAndFragment(
            _ schemeType: SchemeType, _ schemeEnd: Int, _ usernameEnd: Int, _ hostStart: Int, _ hostEnd: Int,
            _ hostKind: HostKind, _ port: UInt16?, _ pathStart: Int, _ remaining: Int
        ) -> ParsedURL {
            var pathStart = pathStart
            // A path starting with "//" and no host would read back as a host: insert "/.".
            if pathStart == schemeEnd + 1 {
                if out.count >= pathStart + 2, out[pathStart] == Parser.slash, out[pathStart + 1] == Parser.slash {
                    out.insert(contentsOf: [Parser.slash, UInt8(ascii: ".")], at: pathStart)
                    pathStart += 2
                }
            } else if pathStart == schemeEnd + 3, Array(out[schemeEnd..<pathStart]) == Array(":/.".utf8) {
                if out.count <= pathStart + 1 || out[pathStart + 1] != Parser.slash {
                    out.replaceSubrange(schemeEnd..<pathStart, with: [Parser.colon])
                    pathStart -= 2
                }
            }
            let (queryStart, fragmentStart) = parseQueryAndFragment(schemeType, remaining)
            return finish(
                schemeEnd, usernameEnd, hostStart, hostEnd, hostKind, port, pathStart, queryStart, fragmentStart)
        }

        private func finish(
            _ schemeEnd: Int, _ usernameEnd: Int, _ hostStart: Int, _ hostEnd: Int, _ hostKind: HostKind,
            _ port: UInt16?, _ pathStart: Int, _ queryStart: Int?, _ fragmentStart: Int?
        ) -> ParsedURL {
            ParsedURL(
                serialization: String(decoding: out, as: UTF8.self), schemeEnd: schemeEnd, usernameEnd: usernameEnd,
                hostStart: hostStart, hostEnd: hostEnd, hostKind: hostKind, port: port, pathStart: pathStart,
                queryStart: queryStart, fragmentStart: fragmentStart)
        }

        private mutating func parseQueryAndFragment(_ schemeType: SchemeType, _ index: Int) -> (Int?, Int?) {
            var position = index
            var queryStart: Int?
            guard let byte = next(&position) else { return (nil, nil) }
            if byte == Parser.question {
                queryStart = out.count
                out.append(Parser.question)
                let set = schemeType.isSpecial ? URLText.specialQuerySet : URLText.querySet
                var fragment: Int?
                while position < end {
                    let byte = input[position]
                    position += 1
                    if Parser.isTabOrNewline(byte) { continue }
                    if byte == Parser.hash {
                        fragment = position
                        break
                    }
                    URLText.appendEncoded(byte, set, to: &out)
                }
                guard let fragment else { return (queryStart, nil) }
                position = fragment
            }
            let fragmentStart = out.count
            out.append(Parser.hash)
            while position < end {
                let byte = input[position]
                position += 1
                if Parser.isTabOrNewline(byte) { continue }
                URLText.appendEncoded(byte, URLText.fragmentSet, to: &out)
            }
            return (queryStart, fragmentStart)
        }
    }

    // MARK: - Path helpers

    private static let doubleDotSegments: [[UInt8]] = [
        "..", "%2e%2e", "%2e%2E", "%2E%2e", "%2E%2E", "%2e.", "%2E.", ".%2e", ".%2E",
    ].map { Array($0.utf8) }
    private static let singleDotSegments: [[UInt8]] = [".", "%2e", "%2E"].map { Array($0.utf8) }

    static func isDoubleDotSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        segment.count >= 2 && segment.count <= 6 && doubleDotSegments.contains { $0.elementsEqual(segment) }
    }

    static func isSingleDotSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        (segment.count == 1 || segment.count == 3) && singleDotSegments.contains { $0.elementsEqual(segment) }
    }

    static func startsWithWindowsDriveLetter(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count >= 2 else { return false }
        let start = text.startIndex
        guard isAlpha(text[start]), text[start + 1] == UInt8(ascii: ":") || text[start + 1] == UInt8(ascii: "|") else {
            return false
        }
        if text.count == 2 { return true }
        let third = text[start + 2]
        return third == UInt8(ascii: "/") || third == UInt8(ascii: "\\") || third == UInt8(ascii: "?")
            || third == UInt8(ascii: "#")
    }

    static func isWindowsDriveLetter(_ text: ArraySlice<UInt8>) -> Bool {
        text.count == 2 && startsWithWindowsDriveLetter(text)
    }

    static func isNormalizedWindowsDriveLetter(_ text: ArraySlice<UInt8>) -> Bool {
        isWindowsDriveLetter(text) && text[text.startIndex + 1] == UInt8(ascii: ":")
    }

    static func pathStartsWithWindowsDriveLetter(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        return
            (first == UInt8(ascii: "/") || first == UInt8(ascii: "\\") || first == UInt8(ascii: "?")
            || first == UInt8(ascii: "#")) && startsWithWindowsDriveLetter(text.dropFirst())
    }

    // MARK: - Hosts

    static func writeHost(_ host: Host, to out: inout [UInt8]) {
        switch host {
        case .domain(let name):
            out += name
        case .ipv4(let address):
            out += Array("\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)".utf8)
        case .ipv6(let pieces):
            out.append(UInt8(ascii: "["))
            writeIPv6(pieces, to: &out)
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func writeIPv6(_ pieces: [UInt16], to out: inout [UInt8]) {
        // The longest run of two or more zero pieces is compressed (the first, on a tie).
        var longest = -1
        var longestLength = 1
        var start = -1
        for index in 0...8 {
            if index < 8, pieces[index] == 0 {
                if start < 0 { start = index }
            } else if start >= 0 {
                if index - start > longestLength {
                    longest = start
                    longestLength = index - start
                }
                start = -1
            }
        }
        var index = 0
        while index < 8 {
            if index == longest {
                out.append(UInt8(ascii: ":"))
                if index == 0 { out.append(UInt8(ascii: ":")) }
                index = longest + longestLength
                if index >= 8 { break }
            }
            out += Array(String(pieces[index], radix: 16).utf8)
            if index < 7 { out.append(UInt8(ascii: ":")) }
            index += 1
        }
    }

    /// The host of a special URL: IPv6 in brackets, else percent-decoded, IDNA-processed, and
    /// read as IPv4 when it ends in a number.
    static func parseSpecialHost(_ bytes: [UInt8]) throws -> Host {
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: "]") else { throw ParseError.invalidIPv6Address }
            return .ipv6(try parseIPv6(bytes[1..<(bytes.count - 1)]))
        }
        let decoded = percentDecode(bytes)
        guard let domain = IDNA.toASCII(decoded) else { throw ParseError.idnaError }
        if domain.isEmpty { throw ParseError.emptyHost }
        if endsInANumber(domain) { return .ipv4(try parseIPv4(domain)) }
        return .domain(domain)
    }

    /// The opaque host of a non-special URL.
    static func parseOpaqueHost(_ bytes: [UInt8]) throws -> Host {
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: "]") else { throw ParseError.invalidIPv6Address }
            return .ipv6(try parseIPv6(bytes[1..<(bytes.count - 1)]))
        }
        let forbidden = Array("\0\t\n\r #/:<>?@[\\]^|".utf8)
        if bytes.contains(where: { forbidden.contains($0) }) { throw ParseError.invalidDomainCharacter }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes { appendEncoded(byte, controls, to: &out) }
        return .domain(out)
    }

    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    static func endsInANumber(_ domain: [UInt8]) -> Bool {
        var parts = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard var last = parts.popLast() else { return false }
        if last.isEmpty {
            guard let previous = parts.popLast() else { return false }
            last = previous
        }
        if !last.isEmpty, last.allSatisfy(isDigit) { return true }
        if case .failure = parseIPv4Number(last) { return false }
        return true
    }

    /// A number of an IPv4 address: decimal, `0x` hexadecimal or `0` octal. `.success(nil)`
    /// means it overflows 32 bits.
    static func parseIPv4Number(_ text: ArraySlice<UInt8>) -> Result<UInt32?, ParseError> {
        if text.isEmpty { return .failure(.invalidIPv4Address) }
        var digits = text
        var radix: UInt64 = 10
        if digits.count >= 2, digits[digits.startIndex] == UInt8(ascii: "0"),
            digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "x")
        {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            digits = digits.dropFirst()
            radix = 8
        }
        if digits.isEmpty { return .success(0) }
        var value: UInt64 = 0
        var overflow = false
        for byte in digits {
            let digit: UInt64
            switch radix {
            case 8:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") else { return .failure(.invalidIPv4Address) }
                digit = UInt64(byte - UInt8(ascii: "0"))
            case 10:
                guard isDigit(byte) else { return .failure(.invalidIPv4Address) }
                digit = UInt64(byte - UInt8(ascii: "0"))
            default:
                guard let hex = hexValue(byte) else { return .failure(.invalidIPv4Address) }
                digit = UInt64(hex)
            }
            if !overflow {
                value = value * radix + digit
                if value > UInt64(UInt32.max) { overflow = true }
            }
        }
        return .success(overflow ? nil : UInt32(value))
    }

    static func parseIPv4(_ domain: [UInt8]) throws -> UInt32 {
        var parts = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        guard !parts.isEmpty, parts.count <= 4 else { throw ParseError.invalidIPv4Address }
        var numbers: [UInt32] = []
        for part in parts {
            guard case .success(let number?) = parseIPv4Number(part) else { throw ParseError.invalidIPv4Address }
            numbers.append(number)
        }
        var address = numbers.removeLast()
        if address > UInt32.max >> (8 * UInt32(numbers.count)) { throw ParseError.invalidIPv4Address }
        if numbers.contains(where: { $0 > 255 }) { throw ParseError.invalidIPv4Address }
        for (counter, number) in numbers.enumerated() { address += number << (8 * (3 - UInt32(counter))) }
        return address
    }

    static func parseIPv6(_ text: ArraySlice<UInt8>) throws -> [UInt16] {
        let input = Array(text)
        let length = input.count
        var pieces = [UInt16](repeating: 0, count: 8)
        var piecePointer = 0
        var compressPointer: Int?
        var index = 0
        var isIPv4 = false
        guard length >= 2 else { throw ParseError.invalidIPv6Address }
        let colon = UInt8(ascii: ":")
        if input[0] == colon {
            guard input[1] == colon else { throw ParseError.invalidIPv6Address }
            index = 2
            piecePointer = 1
            compressPointer = 1
        }
        while index < length {
            if piecePointer == 8 { throw ParseError.invalidIPv6Address }
            if input[index] == colon {
                if compressPointer != nil { throw ParseError.invalidIPv6Address }
                index += 1
                piecePointer += 1
                compressPointer = piecePointer
                continue
            }
            let start = index
            let stop = min(length, start + 4)
            var value: UInt16 = 0
            while index < stop, let digit = hexValue(input[index]) {
                value = value * 0x10 + UInt16(digit)
                index += 1
            }
            if index < length {
                switch input[index] {
                case UInt8(ascii: "."):
                    if index == start { throw ParseError.invalidIPv6Address }
                    index = start
                    if piecePointer > 6 { throw ParseError.invalidIPv6Address }
                    isIPv4 = true
                case colon:
                    index += 1
                    if index == length { throw ParseError.invalidIPv6Address }
                default:
                    throw ParseError.invalidIPv6Address
                }
            }
            if isIPv4 { break }
            pieces[piecePointer] = value
            piecePointer += 1
        }
        if isIPv4 {
            if piecePointer > 6 { throw ParseError.invalidIPv6Address }
            var numbersSeen = 0
            while index < length {
                if numbersSeen > 0 {
                    if numbersSeen < 4, input[index] == UInt8(ascii: ".") {
                        index += 1
                    } else {
                        throw ParseError.invalidIPv6Address
                    }
                }
                var piece: UInt16?
                while index < length, isDigit(input[index]) {
                    let digit = UInt16(input[index] - UInt8(ascii: "0"))
                    switch piece {
                    case nil: piece = digit
                    case 0: throw ParseError.invalidIPv6Address
                    case let current?:
                        let next = current * 10 + digit
                        if next > 255 { throw ParseError.invalidIPv6Address }
                        piece = next
                    }
                    index += 1
                }
                guard let piece else { throw ParseError.invalidIPv6Address }
                pieces[piecePointer] = pieces[piecePointer] &* 0x100 &+ piece
                numbersSeen += 1
                if numbersSeen == 2 || numbersSeen == 4 { piecePointer += 1 }
            }
            if numbersSeen != 4 { throw ParseError.invalidIPv6Address }
        }
        if index < length { throw ParseError.invalidIPv6Address }
        if let compressPointer {
            var swaps = piecePointer - compressPointer
            piecePointer = 7
            while swaps > 0 {
                pieces.swapAt(piecePointer, compressPointer + swaps - 1)
                swaps -= 1
                piecePointer -= 1
            }
        } else if piecePointer != 8 {
            throw ParseError.invalidIPv6Address
        }
        return pieces
    }
}

// MARK: - IDNA

extension URLText {
    /// UTS-46 `ToASCII` as the `idna` crate runs it for URLs (non-transitional, CheckHyphens and
    /// VerifyDnsLength off, the URL forbidden code points denied), with an approximate mapping
    /// step for non-ASCII labels: see ``URLText``.
    enum IDNA {
        /// `%#/:<>?@[\]^|`, space and below, and DEL: what a domain may not contain.
        private static func isDenied(_ byte: UInt8) -> Bool {
            switch byte {
            case 0...0x20, 0x7F, UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "["),
                UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "|"):
                true
            default: false
            }
        }

        private static func isLowerLetter(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        }

        /// A label the crate passes through untouched: `[a-z][a-z0-9-]*`, not ending in `-`, and
        /// without `--` in third and fourth place.
        private static func isPassthroughLabel(_ label: ArraySlice<UInt8>) -> Bool {
            guard let first = label.first else { return true }
            let start = label.startIndex
            if label.count >= 4, label[start + 2] == UInt8(ascii: "-"), label[start + 3] == UInt8(ascii: "-") {
                return false
            }
            guard isLowerLetter(first) else { return false }
            for byte in label.dropFirst()
            where !(isLowerLetter(byte) || URLText.isDigit(byte) || byte == UInt8(ascii: "-")) {
                return false
            }
            return label.last != UInt8(ascii: "-")
        }

        private static func hasPunycodePrefix<C: Collection>(_ label: C) -> Bool where C.Element == UInt8 {
            guard label.count >= 4 else { return false }
            let prefix = Array(label.prefix(4))
            return prefix[0] | 0x20 == UInt8(ascii: "x") && prefix[1] | 0x20 == UInt8(ascii: "n")
                && prefix[2] == UInt8(ascii: "-") && prefix[3] == UInt8(ascii: "-")
        }

        /// The ASCII form of a (percent-decoded) domain, or nil for an IDNA error.
        static func toASCII(_ domain: [UInt8]) -> [UInt8]? {
            if domain.allSatisfy({ isLowerLetter($0) || $0 == UInt8(ascii: ".") }) { return domain }
            var output: [UInt8] = []
            output.reserveCapacity(domain.count)
            var inPrefix = true
            // Labels from the first one that is not passed through: the bidi rule looks at these.
            var checkedLabels: [[Unicode.Scalar]] = []
            for (index, label) in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                .enumerated()
            {
                if index > 0 { output.append(UInt8(ascii: ".")) }
                if inPrefix, isPassthroughLabel(label) {
                    output += label
                    continue
                }
                inPrefix = false
                if label.isEmpty {
                    checkedLabels.append([])
                    continue
                }
                if label.allSatisfy({ $0 < 0x80 }) {
                    var lowered: [UInt8] = []
                    lowered.reserveCapacity(label.count)
                    for byte in label {
                        if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                            lowered.append(byte | 0x20)
                        } else if isDenied(byte) {
                            return nil
                        } else {
                            lowered.append(byte)
                        }
                    }
                    if hasPunycodePrefix(lowered) {
                        guard let decoded = decodeACELabel(lowered) else { return nil }
                        checkedLabels.append(decoded)
                    } else {
                        checkedLabels.append(lowered.map { Unicode.Scalar($0) })
                    }
                    output += lowered
                    continue
                }
                // Non-ASCII: map, and the mapping may produce new dots.
                guard let text = String(validating: label, as: UTF8.self), let mapped = map(text) else { return nil }
                for (part, sublabel) in mapped.split(separator: ".", omittingEmptySubsequences: false).enumerated() {
                    if part > 0 { output.append(UInt8(ascii: ".")) }
                    let scalars = Array(sublabel)
                    if hasPunycodePrefix(scalars.lazy.map { $0.isASCII ? UInt8($0.value) : 0xFF }) {
                        guard scalars.allSatisfy(\.isASCII) else { return nil }
                        let ascii = scalars.map { UInt8($0.value) }
                        guard let decoded = decodeACELabel(ascii) else { return nil }
                        checkedLabels.append(decoded)
                        output += ascii
                        continue
                    }
                    guard checkLabel(scalars) else { return nil }
                    checkedLabels.append(scalars)
                    if scalars.allSatisfy(\.isASCII) {
                        output += scalars.map { UInt8($0.value) }
                    } else {
                        output += Array("xn--".utf8)
                        output += Punycode.encode(scalars.map(\.value))
                    }
                }
            }
            guard passesBidiRule(checkedLabels) else { return nil }
            return output
        }

        /// An `xn--` label (lower-case): it must decode to a valid, already-mapped label.
        private static func decodeACELabel(_ label: [UInt8]) -> [Unicode.Scalar]? {
            guard label.last != UInt8(ascii: "-"), label.count - 4 <= 2000,
                let decoded = Punycode.decode(Array(label[4...]))
            else { return nil }
            let text = String(String.UnicodeScalarView(decoded))
            guard let mapped = map(text), Array(mapped) == decoded, !decoded.contains(".") else { return nil }
            return checkLabel(decoded) ? decoded : nil
        }

        /// Code points UTS-46 maps to nothing.
        private static func isIgnored(_ value: UInt32) -> Bool {
            switch value {
            case 0xAD, 0x34F, 0x180B...0x180D, 0x180F, 0x200B, 0x2060, 0x2064, 0xFE00...0xFE0F, 0xFEFF,
                0x1BCA0...0x1BCA3, 0xE0100...0xE01EF:
                true
            default: false
            }
        }

        private static func isDisallowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            // Georgian capitals, Hangul fillers, U+04C0, U+2132 and U+2183 (capitals UTS-46 refuses
            // rather than maps), and U+FFFD, the crate's own error marker.
            case 0x04C0, 0x10A0...0x10C5, 0x10C7, 0x10CD, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2132, 0x2183, 0xFFFD:
                return true
            default: break
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
                .paragraphSeparator:
                return scalar.value != 0x200C && scalar.value != 0x200D
            default:
                return false
            }
        }

        /// The approximate UTS-46 mapping of a label (which may yield dots), in NFC, or nil when
        /// it contains a disallowed code point.
        static func map(_ text: String) -> String.UnicodeScalarView? {
            var mapped = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    // Denied ASCII is refused after composition: `<` + U+0338 is `≮`.
                    let byte = UInt8(value)
                    mapped.append(
                        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? Unicode.Scalar(byte | 0x20) : scalar)
                    continue
                }
                if isIgnored(value) { continue }
                switch value {
                case 0x3002, 0xFF0E, 0xFF61:
                    mapped.append(".")
                    continue
                case 0x200C, 0x200D, 0xDF, 0x3C2:  // deviations, kept in non-transitional processing
                    mapped.append(scalar)
                    continue
                default:
                    break
                }
                if isDisallowed(scalar) { return nil }
                for compatible in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars {
                    for lower in compatible.properties.lowercaseMapping.unicodeScalars {
                        // A compatibility mapping to a dot (`⒈`, `︒`) is disallowed.
                        if lower == "." || lower == "\u{3002}" || lower == "\u{FF0E}" || lower == "\u{FF61}" {
                            return nil
                        }
                        if !lower.isASCII, isDisallowed(lower) {
                            return nil
                        }
                        mapped.append(lower)
                    }
                }
            }
            let composed =
                mapped.allSatisfy(\.isASCII)
                ? mapped : String(mapped).precomposedStringWithCanonicalMapping.unicodeScalars
            for scalar in composed where scalar.isASCII && scalar != "." && isDenied(UInt8(scalar.value)) { return nil }
            return composed
        }

        /// UTS-46 validity criteria the crate checks on each label: no leading combining mark,
        /// ContextJ for joiners, and at most 1000 code points in a non-ASCII label.
        private static func checkLabel(_ label: [Unicode.Scalar]) -> Bool {
            if let first = label.first {
                switch first.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: return false
                default: break
                }
            }
            for (index, scalar) in label.enumerated() where scalar.value == 0x200C || scalar.value == 0x200D {
                guard index > 0 else { return false }
                if label[index - 1].properties.canonicalCombiningClass.rawValue == 9 { continue }
                guard scalar.value == 0x200C else { return false }
                // ZWNJ between a left- or dual-joining and a right- or dual-joining letter,
                // transparent marks aside.
                let before = label[..<index].reversed().first { joiningType($0) != .transparent }
                let after = label[(index + 1)...].first { joiningType($0) != .transparent }
                guard let before, let after,
                    [.left, .dual].contains(joiningType(before)), [.right, .dual].contains(joiningType(after))
                else { return false }
            }
            if label.count > 1000, !label.allSatisfy(\.isASCII) { return false }
            return true
        }

        private enum JoiningType { case left, right, dual, transparent, other }

        /// An approximate Joining_Type: Arabic, Syriac, N'Ko and Mongolian letters join on both
        /// sides unless listed as right-joining; marks are transparent.
        private static func joiningType(_ scalar: Unicode.Scalar) -> JoiningType {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return .transparent
            default: break
            }
            switch scalar.value {
            case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
                0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
                0x0759...0x075B, 0x076B, 0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779, 0x08AA...0x08AC, 0x08AE,
                0x08B1, 0x08B2, 0x08B9, 0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D:
                return .right
            case 0x0620, 0x0626, 0x0628, 0x062A...0x062E, 0x0633...0x063F, 0x0641...0x0647, 0x0649, 0x064A,
                0x066E, 0x066F, 0x0678...0x0687, 0x069A...0x06BF, 0x06C1, 0x06C2, 0x06CC, 0x06CE, 0x06D0, 0x06D1,
                0x06FA...0x06FC, 0x06FF, 0x0750...0x0758, 0x075C...0x076A, 0x076D...0x0770, 0x0772, 0x0775...0x0777,
                0x077A...0x077F, 0x08A0...0x08A9, 0x08AF, 0x08B0, 0x08B3...0x08B8, 0x08BA...0x08C8, 0x0712...0x072F,
                0x074E...0x074F, 0x07CA...0x07EA, 0x1820...0x1878, 0x1887...0x18A8:
                return .dual
            default:
                return .other
            }
        }

        // MARK: Bidi rule (RFC 5893), with an approximate bidi classification

        private enum BidiClass { case l, r, al, en, an, es, cs, et, on, bn, nsm, other }

        private static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
            let value = scalar.value
            if value < 0x80 {
                switch UInt8(value) {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): return .en
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .l
                case UInt8(ascii: "+"), UInt8(ascii: "-"): return .es
                case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"): return .cs
                case UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"): return .et
                case 0x00...0x08, 0x0E...0x1B, 0x7F: return .bn
                case 0x09...0x0D, 0x1C...0x20: return .other
                default: return .on
                }
            }
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .enclosingMark { return .nsm }
            if category == .format { return .bn }
            switch value {
            case 0x0660...0x0669, 0x066B, 0x066C, 0x0600...0x0605, 0x06DD, 0x08E2, 0x10D30...0x10D39, 0x10E60...0x10E7E:
                return .an
            case 0x06F0...0x06F9: return .en
            case 0x060C: return .cs
            case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10CFF, 0x10E80...0x10FFF,
                0x1E800...0x1EC6F,
                0x1ED00...0x1ED4F, 0x1EF00...0x1EFFF:
                return .r
            case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D3F,
                0x10F30...0x10F6F,
                0x1EC70...0x1ECBF, 0x1EE00...0x1EEFF:
                return .al
            default: break
            }
            if (0x02B9...0x02FF).contains(value),
                !((0x02BB...0x02C1).contains(value) || (0x02D0...0x02D1).contains(value)
                    || (0x02E0...0x02E4).contains(value) || value == 0x02EE)
            {
                return .on
            }
            switch category {
            case .currencySymbol: return .et
            case .otherNumber: return .en
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return .other
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .modifierSymbol, .otherSymbol:
                return .on
            default: return .l
            }
        }

        private static func passesBidiRule(_ labels: [[Unicode.Scalar]]) -> Bool {
            let isBidiDomain = labels.contains { label in
                label.contains { scalar in
                    guard scalar.value >= 0x590 else { return false }
                    switch bidiClass(scalar) {
                    case .r, .al, .an: return true
                    default: return false
                    }
                }
            }
            guard isBidiDomain else { return true }
            for label in labels {
                guard let first = label.first else { continue }
                let firstClass = bidiClass(first)
                guard firstClass == .l || firstClass == .r || firstClass == .al else { return false }
                let isLTR = firstClass == .l
                var middle = label.dropFirst()
                while let last = middle.last, bidiClass(last) == .nsm { middle = middle.dropLast() }
                guard let last = middle.last else { continue }
                let lastClass = bidiClass(last)
                let prior = middle.dropLast()
                if isLTR {
                    guard lastClass == .l || lastClass == .en else { return false }
                    for scalar in prior {
                        switch bidiClass(scalar) {
                        case .l, .en, .es, .cs, .et, .on, .bn, .nsm: continue
                        default: return false
                        }
                    }
                } else {
                    guard [.r, .al, .en, .an].contains(lastClass) else { return false }
                    var sawEuropean = false
                    var sawArabic = false
                    for scalar in prior {
                        let bidi = bidiClass(scalar)
                        switch bidi {
                        case .r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm: break
                        default: return false
                        }
                        if bidi == .en { sawEuropean = true }
                        if bidi == .an { sawArabic = true }
                        if sawEuropean && sawArabic { return false }
                    }
                    if (sawEuropean && lastClass == .an) || (sawArabic && lastClass == .en) { return false }
                }
            }
            return true
        }
    }

    /// Punycode (RFC 3492), as the `idna` crate implements it.
    enum Punycode {
        private static let base: UInt32 = 36
        private static let tMin: UInt32 = 1
        private static let tMax: UInt32 = 26
        private static let skew: UInt32 = 38
        private static let damp: UInt32 = 700
        private static let initialBias: UInt32 = 72
        private static let initialN: UInt32 = 0x80

        private static func adapt(_ delta: UInt32, _ numPoints: UInt32, _ firstTime: Bool) -> UInt32 {
            var delta = delta / (firstTime ? damp : 2)
            delta += delta / numPoints
            var k: UInt32 = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (((base - tMin + 1) * delta) / (delta + skew))
        }

        private static func digitValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 26
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a"))
            default: nil
            }
        }

        /// Decodes lower-case ASCII Punycode (without `xn--`), or nil when malformed.
        static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
            var output: [Unicode.Scalar] = []
            var encoded = input[...]
            if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
                output = input[..<delimiter].map { Unicode.Scalar($0) }
                if delimiter > 0 { encoded = input[(delimiter + 1)...] }
            }
            var codePoint = initialN
            var bias = initialBias
            var i: UInt32 = 0
            var iterator = encoded.makeIterator()
            while let firstByte = iterator.next() {
                let previous = i
                var weight: UInt32 = 1
                var k = base
                var byte = firstByte
                while true {
                    guard let digit = digitValue(byte) else { return nil }
                    let (product, overflow1) = digit.multipliedReportingOverflow(by: weight)
                    if overflow1 { return nil }
                    let (sum, overflow2) = i.addingReportingOverflow(product)
                    if overflow2 { return nil }
                    i = sum
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if digit < t { break }
                    let (nextWeight, overflow3) = weight.multipliedReportingOverflow(by: base - t)
                    if overflow3 { return nil }
                    weight = nextWeight
                    k += base
                    guard let nextByte = iterator.next() else { return nil }
                    byte = nextByte
                }
                let length = UInt32(output.count)
                bias = adapt(i - previous, length + 1, previous == 0)
                let (next, overflow) = codePoint.addingReportingOverflow(i / (length + 1))
                if overflow { return nil }
                codePoint = next
                i %= length + 1
                guard let scalar = Unicode.Scalar(codePoint) else { return nil }
                output.insert(scalar, at: Int(i))
                i += 1
            }
            return output
        }

        static func encode(_ input: [UInt32]) -> [UInt8] {
            var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
            let basicCount = output.count
            var handled = basicCount
            if basicCount > 0 { output.append(UInt8(ascii: "-")) }
            var n = initialN
            var delta: UInt32 = 0
            var bias = initialBias
            func digit(_ value: UInt32) -> UInt8 {
                value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
            }
            while handled < input.count {
                let m = input.filter { $0 >= n }.min()!
                delta &+= (m - n) &* UInt32(handled + 1)
                n = m
                for c in input {
                    if c < n { delta &+= 1 }
                    if c == n {
                        var q = delta
                        var k = base
                        while true {
                            let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                            if q < t { break }
                            output.append(digit(t + (q - t) % (base - t)))
                            q = (q - t) / (base - t)
                            k += base
                        }
                        output.append(digit(q))
                        bias = adapt(delta, UInt32(handled + 1), handled == basicCount)
                        delta = 0
                        handled += 1
                    }
                }
                delta &+= 1
                n += 1
            }
            return output
        }
    }
}
