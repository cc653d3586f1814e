import OrderedCollections

/// A JSON object: its keys keep the order in which they were written or parsed, and a repeated key
/// keeps its first position with the last value, as Python's `json` module (and so FastAPI) does.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// A JSON document held in memory.
///
/// Request bodies are parsed into a `JSONValue` and then validated field by field, so that every
/// error of a request can be reported with its location (pydantic's behaviour) instead of stopping
/// at the first one. Integers and floating-point numbers stay distinct, because validation treats
/// `5` and `5.5` differently for an `Int` field.
///
/// Endpoints may also return a `JSONValue` built with literals:
/// ```swift
/// var item: JSONObject = ["item_id": .int(itemID)]
/// if let q { item["q"] = .string(q) }
/// return JSONValue.object(item)
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer literal that fits in `Int`.
    case int(Int)
    /// A literal with a fraction or an exponent, or an integer too large for `Int`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` when this value is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` when this value is an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// Converts any JSON-writable value (a model, a collection, a scalar) into a `JSONValue`.
    public init(_ value: some JSONWritable) {
        var writer = JSONWriter()
        value.writeJSON(to: &writer)
        // The writer only produces well-formed JSON, so parsing it back cannot fail.
        self = (try? JSONParser.parse(writer.bytes)) ?? .null
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value.
    public var description: String {
        var writer = JSONWriter()
        writeJSON(to: &writer)
        return writer.string
    }
}

extension JSONValue {
    /// The value with `update` merged in at `path` (objects created where missing): objects are
    /// merged member by member, anything else is replaced.
    public func merging(at path: [String], _ update: JSONValue) -> JSONValue {
        guard let first = path.first else { return merging(update) }
        var object: JSONObject
        if case .object(let existing) = self { object = existing } else { object = [:] }
        object[first] = (object[first] ?? .object([:])).merging(at: Array(path.dropFirst()), update)
        return .object(object)
    }

    /// A deep merge: `update`'s members over this value's, recursively for objects.
    public func merging(_ update: JSONValue) -> JSONValue {
        guard case .object(var object) = self, case .object(let changes) = update else { return update }
        for (key, value) in changes { object[key] = (object[key] ?? .null).merging(value) }
        return .object(object)
    }

    /// The value with the members of every object sorted by key.
    public func sortingKeys() -> JSONValue {
        switch self {
        case .object(let object):
            var sorted = JSONObject()
            for key in object.keys.sorted() { sorted[key] = object[key]!.sortingKeys() }
            return .object(sorted)
        case .array(let items):
            return .array(items.map { $0.sortingKeys() })
        default:
            return self
        }
    }
}
