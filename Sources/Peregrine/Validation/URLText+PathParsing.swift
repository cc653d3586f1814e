/// Paths, queries and fragments: the second half of the `url` crate's parser, and its path helpers.
extension URLText.Parser {
    mutating func parsePathStart(_ schemeType: URLText.SchemeType, _ hasHost: inout Bool, _ index: Int) -> Int {
        let pathStart = out.count
        let (byte, after) = first(index)
        if schemeType.isSpecial {
            if out.last != Self.slash {
                out.append(Self.slash)
                if byte == Self.slash || byte == Self.backslash {
                    return parsePath(schemeType, &hasHost, pathStart, after)
                }
            }
            return parsePath(schemeType, &hasHost, pathStart, index)
        } else if byte == Self.question || byte == Self.hash {
            return index
        }
        if byte != nil, byte != Self.slash { out.append(Self.slash) }
        return parsePath(schemeType, &hasHost, pathStart, index)
    }

    mutating func flush(_ range: Range<Int>) {
        for index in range { URLText.appendEncoded(input[index], URLText.pathSet, to: &out) }
    }

    mutating func parsePath(
        _ schemeType: URLText.SchemeType, _ hasHost: inout Bool, _ pathStart: Int, _ index: Int
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
                case Self.slash:
                    flush(pending..<position)
                    out.append(Self.slash)
                    position += 1
                    endsWithSlash = true
                    break scan
                case Self.backslash where schemeType.isSpecial:
                    flush(pending..<position)
                    out.append(Self.slash)
                    position += 1
                    endsWithSlash = true
                    break scan
                case Self.question, Self.hash:
                    flush(pending..<position)
                    break scan
                default:
                    if schemeType == .file, out.count > pathStart,
                        URLText.isNormalizedWindowsDriveLetter(out[(pathStart + 1)...])
                    {
                        flush(pending..<position)
                        pending = position
                        out.append(Self.slash)
                        segmentStart += 1
                    }
                    position += 1
                }
            }
            let segment = out[segmentStart..<(out.count - (endsWithSlash ? 1 : 0))]
            if URLText.isDoubleDotSegment(segment) {
                out.removeSubrange(segmentStart...)
                if out.last == Self.slash, lastSlashCanBeRemoved(pathStart) { out.removeLast() }
                shortenPath(schemeType, pathStart)
                if endsWithSlash, out.last != Self.slash { out.append(Self.slash) }
            } else if URLText.isSingleDotSegment(segment) {
                out.removeSubrange(segmentStart...)
                if out.last != Self.slash { out.append(Self.slash) }
            } else if schemeType == .file, segmentStart == pathStart + 1, URLText.isWindowsDriveLetter(segment) {
                let letter = segment[segment.startIndex]
                out.removeSubrange(segmentStart...)
                out.append(letter)
                out.append(Self.colon)
                if endsWithSlash { out.append(Self.slash) }
                if hasHost { hasHost = false }
            }
            if !endsWithSlash { break }
        }
        if schemeType == .file {
            // Leading empty segments go.
            let path = out[pathStart...].drop { $0 == Self.slash }
            let kept = Array(path)
            out.removeSubrange(pathStart...)
            out.append(Self.slash)
            out += kept
        }
        return position
    }

    func lastSlashCanBeRemoved(_ pathStart: Int) -> Bool {
        guard let slash = out[0..<(out.count - 1)].lastIndex(of: Self.slash) else { return false }
        return slash >= pathStart && !URLText.pathStartsWithWindowsDriveLetter(out[slash...])
    }

    mutating func shortenPath(_ schemeType: URLText.SchemeType, _ pathStart: Int) {
        if out.count == pathStart { return }
        if schemeType == .file, URLText.isNormalizedWindowsDriveLetter(out[pathStart...]) { return }
        popPath(schemeType, pathStart)
    }

    mutating func popPath(_ schemeType: URLText.SchemeType, _ pathStart: Int) {
        guard out.count > pathStart, let slash = out[pathStart...].lastIndex(of: Self.slash) else { return }
        let segmentStart = slash + 1
        if !(schemeType == .file && URLText.isNormalizedWindowsDriveLetter(out[segmentStart...])) {
            out.removeSubrange(segmentStart...)
        }
    }

    mutating func parseCannotBeABasePath(_ index: Int) -> Int {
        var position = index
        while true {
            let before = position
            guard let byte = next(&position) else { return position }
            if byte == Self.question || byte == Self.hash { return before }
            URLText.appendEncoded(byte, URLText.controls, to: &out)
        }
    }

    mutating func withQueryAndFragment(
        _ schemeType: URLText.SchemeType, _ schemeEnd: Int, _ usernameEnd: Int, _ hostStart: Int, _ hostEnd: Int,
        _ hostKind: URLText.HostKind, _ port: UInt16?, _ pathStart: Int, _ remaining: Int
    ) -> URLText.ParsedURL {
        var pathStart = pathStart
        // A path starting with "//" and no host would read back as a host: insert "/.".
        if pathStart == schemeEnd + 1 {
            if out.count >= pathStart + 2, out[pathStart] == Self.slash, out[pathStart + 1] == Self.slash {
                out.insert(contentsOf: [Self.slash, UInt8(ascii: ".")], at: pathStart)
                pathStart += 2
            }
        } else if pathStart == schemeEnd + 3, Array(out[schemeEnd..<pathStart]) == Array(":/.".utf8) {
            if out.count <= pathStart + 1 || out[pathStart + 1] != Self.slash {
                out.replaceSubrange(schemeEnd..<pathStart, with: [Self.colon])
                pathStart -= 2
            }
        }
        let (queryStart, fragmentStart) = parseQueryAndFragment(schemeType, remaining)
        return finish(
            schemeEnd, usernameEnd, hostStart, hostEnd, hostKind, port, pathStart, queryStart, fragmentStart)
    }

    func finish(
        _ schemeEnd: Int, _ usernameEnd: Int, _ hostStart: Int, _ hostEnd: Int, _ hostKind: URLText.HostKind,
        _ port: UInt16?, _ pathStart: Int, _ queryStart: Int?, _ fragmentStart: Int?
    ) -> URLText.ParsedURL {
        URLText.ParsedURL(
            serialization: String(decoding: out, as: UTF8.self), schemeEnd: schemeEnd, usernameEnd: usernameEnd,
            hostStart: hostStart, hostEnd: hostEnd, hostKind: hostKind, port: port, pathStart: pathStart,
            queryStart: queryStart, fragmentStart: fragmentStart)
    }

    mutating func parseQueryAndFragment(_ schemeType: URLText.SchemeType, _ index: Int) -> (Int?, Int?) {
        var position = index
        var queryStart: Int?
        guard let byte = next(&position) else { return (nil, nil) }
        if byte == Self.question {
            queryStart = out.count
            out.append(Self.question)
            let set = schemeType.isSpecial ? URLText.specialQuerySet : URLText.querySet
            var fragment: Int?
            while position < end {
                let byte = input[position]
                position += 1
                if Self.isTabOrNewline(byte) { continue }
                if byte == Self.hash {
                    fragment = position
                    break
                }
                URLText.appendEncoded(byte, set, to: &out)
            }
            guard let fragment else { return (queryStart, nil) }
            position = fragment
        }
        let fragmentStart = out.count
        out.append(Self.hash)
        while position < end {
            let byte = input[position]
            position += 1
            if Self.isTabOrNewline(byte) { continue }
            URLText.appendEncoded(byte, URLText.fragmentSet, to: &out)
        }
        return (queryStart, fragmentStart)
    }
}

extension URLText {
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
}
