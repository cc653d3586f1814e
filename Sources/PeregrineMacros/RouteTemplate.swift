/// A route path as the macros see it: its segments and placeholders, checked at compile time with
/// the same rules the runtime's `PathTemplate` applies.
struct RouteTemplate {
    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
        case remainder(String)
    }

    let path: String
    let segments: [Segment]

    /// Parses `path`, or returns why it is not a valid template.
    static func parse(_ path: String) -> Result<RouteTemplate, TemplateProblem> {
        guard path.hasPrefix("/") else { return .failure(TemplateProblem("route path '\(path)' must start with '/'")) }
        var segments: [Segment] = []
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let inner = part.dropFirst().dropLast()
                if let colon = inner.firstIndex(of: ":") {
                    guard inner[inner.index(after: colon)...] == "path" else {
                        return .failure(TemplateProblem("unsupported placeholder '\(part)': use {name} or {name:path}"))
                    }
                    guard offset == parts.count - 1 else {
                        return .failure(TemplateProblem("a {name:path} placeholder must be the last segment of '\(path)'"))
                    }
                    segments.append(.remainder(String(inner[..<colon])))
                } else {
                    segments.append(.parameter(String(inner)))
                }
            } else if part.contains("{") || part.contains("}") {
                return .failure(TemplateProblem("unsupported path segment '\(part)': a placeholder must fill a whole segment, as {name}"))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        let names = segments.compactMap(\.placeholderName)
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            return .failure(TemplateProblem("placeholder '{\(repeated)}' appears twice in '\(path)'"))
        }
        return .success(RouteTemplate(path: path, segments: segments))
    }

    var placeholders: [String] { segments.compactMap(\.placeholderName) }

    /// The template with placeholder names erased: two routes with the same shape match the same paths.
    var shape: String {
        "/" + segments.map {
            switch $0 {
            case .literal(let text): text
            case .parameter: "{}"
            case .remainder: "{:path}"
            }
        }.joined(separator: "/")
    }

    /// Whether every path this template matches is also matched by `other`.
    func isCovered(by other: RouteTemplate) -> Bool {
        for (index, segment) in other.segments.enumerated() {
            if case .remainder = segment { return segments.count > index }
            guard index < segments.count else { return false }
            switch (segments[index], segment) {
            case (.literal(let mine), .literal(let theirs)) where mine == theirs: continue
            case (.literal(let mine), .parameter) where !mine.isEmpty: continue
            case (.parameter, .parameter): continue
            default: return false
            }
        }
        return segments.count == other.segments.count
    }
}

extension RouteTemplate.Segment {
    var placeholderName: String? {
        switch self {
        case .literal: nil
        case .parameter(let name), .remainder(let name): name
        }
    }
}

/// Why a route path is not a valid template.
struct TemplateProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
