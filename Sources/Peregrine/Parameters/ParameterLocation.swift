/// Where an endpoint parameter is read from: one caseless type per place, so that a single
/// extractor (``TextParameter``) and a single attribute (``ParameterAttribute``) serve them all.
public protocol ParameterLocation: Sendable {
    static var source: ParameterSource { get }
}

/// A place holding text values looked up by name: the path, the query string, headers, cookies.
public protocol TextLocation: ParameterLocation {
    /// A name prepared once for fast lookups (a header name is parsed once, for instance).
    associatedtype Key: Sendable
    static func key(for name: String) -> Key
    /// Every value given under the name, in order.
    static func values(for key: Key, in input: inout RequestInput) -> [String]
    /// The value a single-valued parameter takes: FastAPI takes the last of repeated query keys
    /// and the first of repeated headers.
    static func value(for key: Key, in input: inout RequestInput) -> String?
    /// Every name and value given, in order, names as a parameter model's extra keys report them
    /// (header names in lower case).
    static func entries(in input: inout RequestInput) -> [(name: String, value: String)]
}

/// A text location where a name may repeat, so that a parameter can be a list of its values.
public protocol ListLocation: TextLocation {}

/// The `{name}` and `{name:path}` placeholders of the route's path.
public enum PathLocation: TextLocation {
    public static var source: ParameterSource { .path }
    public static func key(for name: String) -> String { name }

    public static func values(for key: String, in input: inout RequestInput) -> [String] {
        value(for: key, in: &input).map { [$0] } ?? []
    }

    public static func value(for key: String, in input: inout RequestInput) -> String? {
        input.pathParameter(key)
    }

    public static func entries(in input: inout RequestInput) -> [(name: String, value: String)] {
        input.pathParameters
    }
}

/// The query string; repeated keys make lists, and a scalar takes the last value.
public enum QueryLocation: ListLocation {
    public static var source: ParameterSource { .query }
    public static func key(for name: String) -> String { name }

    public static func values(for key: String, in input: inout RequestInput) -> [String] {
        input.query.values(for: key)
    }

    public static func value(for key: String, in input: inout RequestInput) -> String? {
        input.query.lastValue(for: key)
    }

    public static func entries(in input: inout RequestInput) -> [(name: String, value: String)] {
        input.query.items.map { ($0.key, $0.value) }
    }
}

/// The request headers, by case-insensitive name; repeated fields make lists, and a scalar takes
/// the first.
public enum HeaderLocation: ListLocation {
    public static var source: ParameterSource { .header }
    public static func key(for name: String) -> HTTPField.Name? { HTTPField.Name(name) }

    public static func values(for key: HTTPField.Name?, in input: inout RequestInput) -> [String] {
        guard let key else { return [] }
        if key == Self.host, let authority = input.request.head.authority { return [authority] }
        return input.request.headers[values: key]
    }

    public static func value(for key: HTTPField.Name?, in input: inout RequestInput) -> String? {
        guard let key else { return nil }
        // HTTP/1's `Host` header is the request's authority here, no longer a header field.
        if key == Self.host, let authority = input.request.head.authority { return authority }
        return input.request.headers[key]
    }

    private static let host = HTTPField.Name("host")!

    /// The headers as sent, with `host` first: HTTP/1's `Host` is the request's authority here.
    public static func entries(in input: inout RequestInput) -> [(name: String, value: String)] {
        var entries: [(name: String, value: String)] = []
        if let authority = input.request.head.authority { entries.append(("host", authority)) }
        for field in input.request.headers { entries.append((field.name.canonicalName, field.value)) }
        return entries
    }
}

/// The request's cookies.
public enum CookieLocation: TextLocation {
    public static var source: ParameterSource { .cookie }
    public static func key(for name: String) -> String { name }

    public static func values(for key: String, in input: inout RequestInput) -> [String] {
        value(for: key, in: &input).map { [$0] } ?? []
    }

    public static func value(for key: String, in input: inout RequestInput) -> String? {
        input.cookies[key]
    }

    public static func entries(in input: inout RequestInput) -> [(name: String, value: String)] {
        input.cookies.ordered
    }
}

/// The fields of a form body (`application/x-www-form-urlencoded` or `multipart/form-data`);
/// repeated names make lists, and a scalar takes the last value. As in FastAPI, an empty text
/// value counts as missing for a single-valued field, and files are not text.
public enum FormLocation: ListLocation {
    public static var source: ParameterSource { .form }
    public static func key(for name: String) -> String { name }

    public static func values(for key: String, in input: inout RequestInput) -> [String] {
        input.form?.textValues(for: key) ?? []
    }

    public static func value(for key: String, in input: inout RequestInput) -> String? {
        guard case .text(let text) = input.form?.lastValue(for: key), !text.isEmpty else { return nil }
        return text
    }

    public static func entries(in input: inout RequestInput) -> [(name: String, value: String)] {
        (input.form?.fields ?? []).compactMap { field in
            guard case .text(let text) = field.value else { return nil }
            return (field.name, text)
        }
    }
}

/// The files of a `multipart/form-data` body.
public enum FileLocation: ParameterLocation {
    public static var source: ParameterSource { .file }
}

/// The JSON body.
public enum BodyLocation: ParameterLocation {
    public static var source: ParameterSource { .body }
}

/// A dependency's result.
public enum DependencyLocation: ParameterLocation {
    public static var source: ParameterSource { .dependency }
}
