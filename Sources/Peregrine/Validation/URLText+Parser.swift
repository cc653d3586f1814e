extension URLText {
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

        static func isTabOrNewline(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x0A || byte == 0x0D }

        func next(_ index: inout Int) -> UInt8? {
            while index < end {
                let byte = input[index]
                index += 1
                if !Parser.isTabOrNewline(byte) { return byte }
            }
            return nil
        }

        /// The first visible byte and the position after it.
        func first(_ index: Int) -> (UInt8?, Int) {
            var position = index
            let byte = next(&position)
            return (byte, position)
        }

        func afterPrefix(_ index: Int, _ prefix: String) -> Int? {
            var position = index
            for byte in prefix.utf8 where next(&position) != byte { return nil }
            return position
        }

        static let slash = UInt8(ascii: "/")
        static let backslash = UInt8(ascii: "\\")
        static let question = UInt8(ascii: "?")
        static let hash = UInt8(ascii: "#")
        static let colon = UInt8(ascii: ":")

        mutating func parseURL(_ index: Int) throws -> ParsedURL {
            guard let remaining = parseScheme(index) else { throw ParseError.relativeURLWithoutBase }
            return try parseWithScheme(remaining)
        }

        mutating func parseScheme(_ index: Int) -> Int? {
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

        mutating func parseWithScheme(_ index: Int) throws -> ParsedURL {
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

        mutating func parseNonSpecial(_ index: Int, _ schemeEnd: Int) throws -> ParsedURL {
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

        mutating func parseFile(_ index: Int) throws -> ParsedURL {
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
        mutating func parseFileHost(_ index: Int) throws -> (Bool, HostKind, Int) {
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

        mutating func afterDoubleSlash(_ index: Int, _ schemeType: SchemeType, _ schemeEnd: Int) throws
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
        mutating func parseUserinfo(_ index: Int, _ schemeType: SchemeType) throws -> (Int, Int) {
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

        mutating func parseHostAndPort(_ index: Int, _ schemeEnd: Int, _ schemeType: SchemeType) throws -> (
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

        func parsePort(_ index: Int, _ defaultPort: UInt16?) throws -> (UInt16?, Int) {
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
    }
}
