import Foundation
import Mustache

/// Server-rendered HTML from a folder of Mustache templates: FastAPI's `Jinja2Templates`, on
/// swift-mustache.
///
/// ```swift
/// let templates = try Templates(directory: "templates")
///
/// @GET("/items/{id}", responseClass: HTMLResponse.self)
/// func readItem(id: String, connection: HTTPConnection) throws -> HTMLResponse {
///     try templates.response(connection, "item.html", context: ["id": id])
/// }
/// ```
///
/// `item.html` can then use `{{id}}`, `{{request.url}}`, and
/// `{{#url_for}}static path=/styles.css{{/url_for}}` or `{{#url_for}}read_item id={{id}}{{/url_for}}`
/// for absolute URLs to mounts and named routes (Jinja's `url_for('static', path='/styles.css')`).
/// Values are HTML-escaped unless written `{{{triple}}}`: autoescaping is on, as
/// `Jinja2Templates` has it for `.html` files. Partials (`{{> footer.html}}`) come from the same
/// folder.
public struct Templates: Sendable {
    public let directory: String
    private let library: MustacheLibrary

    /// Loads every file of `directory` (and its subfolders) whose name ends with
    /// `.fileExtension`, by its path relative to the folder (`item.html`, `partials/nav.html`).
    /// - Throws: the parse error of the first template that is not valid Mustache.
    public init(directory: String, fileExtension: String = "html") throws {
        var library = MustacheLibrary()
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == fileExtension,
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            let text = try String(contentsOf: url, encoding: .utf8)
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError.invalid(name: name, reason: "\(error)")
            }
        }
        self.directory = root.path
        self.library = library
    }

    /// Whether a template called `name` was loaded.
    public func contains(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// Renders `name` into an HTML response. The context gains `request` (its `url`, `path`,
    /// `method` and `query`) and the `url_for` section lambda.
    public func response(
        _ connection: HTTPConnection, _ name: String, context: [String: Any] = [:], status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> HTMLResponse {
        var context = context
        var query: [String: String] = [:]
        for item in connection.query.items { query[item.key] = item.value }
        context["request"] = [
            "url": connection.url, "path": connection.uri.path, "method": connection.method.rawValue, "query": query,
        ] as [String: Any]
        let failure = FailureBox()
        context["url_for"] = MustacheLambda { text in
            do {
                return try Self.urlFor(text, connection: connection)
            } catch {
                failure.error = error
                return nil
            }
        }
        let html = try render(name, context: context)
        if let error = failure.error { throw error }
        return HTMLResponse(html, status: status, headers: headers)
    }

    /// Renders `name` with `context`; ``JSONValue`` values in it are usable like dictionaries.
    public func render(_ name: String, context: [String: Any]) throws -> String {
        guard let html = library.render(Self.mustacheValue(context), withTemplate: name) else {
            throw TemplateError.notFound(name: name, directory: directory)
        }
        return html
    }

    /// `name key=value ...` → the absolute URL, as a template whose `{{...}}` parameter values
    /// Mustache fills in (escaped) from the context; the literal parts are escaped here, since
    /// a lambda's own output is not.
    static func urlFor(_ text: String, connection: HTTPConnection) throws -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let name = words.first else { throw TemplateError.urlFor(text) }
        var parameters: [String: String] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { throw TemplateError.urlFor(text) }
            parameters[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        let url = try connection.urlFor(String(name), parameters)
        return escapeOutsideTags(url)
    }

    private static func escapeOutsideTags(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += HTMLEscaping.escape(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            result += rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return result + HTMLEscaping.escape(rest)
    }

    /// Context values as Mustache reads them: JSON objects become dictionaries, arrays arrays,
    /// and nulls are left out (Mustache would print "nil").
    static func mustacheValue(_ value: Any) -> Any {
        switch value {
        case let json as JSONValue:
            switch json {
            case .null: return NSNull()
            case .bool(let bool): return bool
            case .int(let int): return int
            case .double(let double): return double
            case .string(let string): return string
            case .array(let array): return array.map(mustacheValue)
            case .object(let object):
                var dictionary: [String: Any] = [:]
                for (key, member) in object where member != .null { dictionary[key] = mustacheValue(member) }
                return dictionary
            }
        case let dictionary as [String: Any]:
            return dictionary.compactMapValues { member -> Any? in
                if case .some(.null) = member as? JSONValue { return nil }
                return mustacheValue(member)
            }
        case let array as [Any]:
            return array.map(mustacheValue)
        default:
            return value
        }
    }
}

/// Errors of templates: a 500 when an endpoint meets them.
public enum TemplateError: Error, CustomStringConvertible {
    case notFound(name: String, directory: String)
    case invalid(name: String, reason: String)
    case urlFor(String)

    public var description: String {
        switch self {
        case .notFound(let name, let directory): "template '\(name)' not found in \(directory)"
        case .invalid(let name, let reason): "template '\(name)' is not valid Mustache: \(reason)"
        case .urlFor(let text): "url_for expects 'name key=value ...', got '\(text)'"
        }
    }
}

/// The error a `url_for` lambda met, reported once rendering is over.
private final class FailureBox: @unchecked Sendable {
    // Used by the one synchronous render that owns it.
    var error: (any Error)?
}

/// HTML escaping as Jinja's autoescape (markupsafe) does it.
enum HTMLEscaping {
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&#34;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
