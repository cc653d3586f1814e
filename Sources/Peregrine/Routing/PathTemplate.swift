/// A route's path as FastAPI writes it: `/items/{item_id}`, `/files/{file_path:path}`.
///
/// Hummingbird's trie finds the candidate routes for a request; the template then matches the raw
/// path exactly as Starlette does: segment by segment (so a trailing slash or an empty segment
/// matters), on percent-decoded text, with `{name}` taking one non-empty segment and
/// `{name:path}` the rest of the path.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        /// `{name}`: one non-empty segment.
        case parameter(String)
        /// `{name:path}`: the remainder of the path, slashes included, possibly empty.
        case remainder(String)
    }

    /// The template as written.
    public let description: String
    /// The segments after the leading slash; an empty last literal stands for a trailing slash.
    public let segments: [Segment]

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case mustStartWithSlash(String)
        case remainderNotLast(String)
        case malformedPlaceholder(String)

        public var description: String {
            switch self {
            case .mustStartWithSlash(let path): "route path '\(path)' must start with '/'"
            case .remainderNotLast(let path): "in route path '\(path)', a {name:path} placeholder must be the last segment"
            case .malformedPlaceholder(let segment): "unsupported path segment '\(segment)': use {name} or {name:path}"
            }
        }
    }

    public init(_ template: String) throws(ParseError) {
        guard template.hasPrefix("/") else { throw .mustStartWithSlash(template) }
        var segments: [Segment] = []
        let parts = template.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let inner = part.dropFirst().dropLast()
                if let colon = inner.firstIndex(of: ":") {
                    guard inner[inner.index(after: colon)...] == "path" else { throw .malformedPlaceholder(String(part)) }
                    guard offset == parts.count - 1 else { throw .remainderNotLast(template) }
                    segments.append(.remainder(String(inner[..<colon])))
                } else {
                    segments.append(.parameter(String(inner)))
                }
            } else if part.contains("{") || part.contains("}") {
                throw .malformedPlaceholder(String(part))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.description = template
        self.segments = segments
    }

    /// The equivalent Hummingbird path, used to place the route in the trie. Hummingbird ignores
    /// empty segments, so `/items` and `/items/` share a trie entry; ``match(_:)`` tells them apart.
    /// A parameter is Hummingbird's anonymous `*`: values come from ``match(_:)``, and templates
    /// differing only in parameter names (`/items/{id}` and `/items/{name}`, which FastAPI
    /// allows) share an entry instead of Hummingbird refusing the second.
    var routerPath: RouterPath {
        var components: [String] = []
        for segment in segments {
            switch segment {
            case .literal(let text) where text.isEmpty: continue
            case .literal(let text): components.append(text)
            case .parameter: components.append("*")
            case .remainder: components.append("**")
            }
        }
        return RouterPath("/" + components.joined(separator: "/"))
    }

    /// Hummingbird's trie key, shared by templates that differ only in empty segments.
    var trieKey: String { routerPath.description }

    /// The template under a router prefix (`/api` + `/items/` is `/api/items/`).
    public func prefixed(by prefix: String) -> PathTemplate {
        let joined = prefix.hasSuffix("/") ? String(prefix.dropLast()) + description : prefix + description
        do {
            return try PathTemplate(joined)
        } catch {
            // A prefix like "api" (no leading slash) is a programming error, as FastAPI asserts.
            preconditionFailure("router prefix '\(prefix)': \(error)")
        }
    }

    /// Matches a raw (percent-encoded) request path, without its query, and returns the decoded
    /// values of the placeholders, or nil when the path does not match.
    public func match(_ rawPath: Substring) -> [(name: String, value: String)]? {
        var rawPath = rawPath
        return rawPath.withUTF8(match)
    }

    /// Matches the UTF-8 bytes of a raw path; read byte by byte, since every request is matched.
    private func match(_ path: UnsafeBufferPointer<UInt8>) -> [(name: String, value: String)]? {
        guard path.first == UInt8(ascii: "/") else { return nil }
        var parameters: [(name: String, value: String)] = []
        // The component being matched is path[start..<end], between slashes.
        var start = 1
        for (index, segment) in segments.enumerated() {
            let end = path[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.count
            let component = UnsafeBufferPointer(rebasing: path[start..<end])
            switch segment {
            case .literal(let text):
                if !text.utf8.elementsEqual(component) && !PercentDecoding.decode(component).utf8.elementsEqual(text.utf8) {
                    return nil
                }
            case .parameter(let name):
                let value = PercentDecoding.decode(component)
                // An encoded slash would have split the segment in Starlette's decoded path.
                guard !value.isEmpty, !value.utf8.contains(UInt8(ascii: "/")) else { return nil }
                parameters.append((name, value))
            case .remainder(let name):
                parameters.append((name, PercentDecoding.decode(UnsafeBufferPointer(rebasing: path[start...]))))
                return parameters
            }
            // The last segment must end the path; any other must be followed by a slash.
            if index == segments.count - 1 { return end == path.count ? parameters : nil }
            guard end < path.count else { return nil }
            start = end + 1
        }
        return parameters
    }
}
