import Foundation

// `Content` for plain `Codable` types, reading: values are read from a `JSONValue` through
// `Decodable` with pydantic's coercions for scalars (writing is in CodableEncoding.swift). `@Model`
// types replace this with generated code that is faster and reports every error; the bridge keeps
// any `Codable` type usable.

extension Content {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Self? {
        let state = DecodingState(location: context.location)
        do {
            let value = try Self(from: ValidatingDecoder(value: input, path: [], state: state))
            for issue in state.issues { context.record(issue) }
            return state.issues.isEmpty ? value : nil
        } catch {
            for issue in state.issues { context.record(issue) }
            if state.issues.isEmpty {
                // A type's own decoding logic refused the value without a pydantic-style reason.
                context.fail("value_error", "Value error, \(Self.describe(error))", input: input)
            }
            return nil
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let decodingError = error as? DecodingError {
            switch decodingError {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
                .valueNotFound(_, let context):
                return context.debugDescription
            @unknown default:
                return "\(decodingError)"
            }
        }
        return "\(error)"
    }
}

// MARK: - Decoding

/// Shared by every container of one decoding run: the issues found so far.
private final class DecodingState {
    let location: [LocationElement]
    var issues: [ValidationIssue] = []

    init(location: [LocationElement]) {
        self.location = location
    }

    func fail<T>(
        _ type: T.Type, at path: [any CodingKey], input: JSONValue, validate: (inout ValidationContext) -> T?
    ) -> T? {
        var context = ValidationContext(location: location + path.map(Self.element))
        let value = validate(&context)
        issues.append(contentsOf: context.issues)
        return value
    }

    func missing(at path: [any CodingKey], enclosing: JSONValue) {
        issues.append(
            ValidationIssue(
                type: "missing", location: location + path.map(Self.element), message: "Field required",
                input: enclosing))
    }

    static func element(_ key: any CodingKey) -> LocationElement {
        if let index = key.intValue, key.stringValue.isEmpty || key.stringValue == "Index \(index)" {
            return .index(index)
        }
        return .key(key.stringValue)
    }
}

/// Thrown to stop decoding after an issue that leaves nothing to go on; the issue is already recorded.
private struct DecodingAbandoned: Error {}

/// The coding key of an array element.
struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue!)" }
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct ValidatingDecoder: Decoder {
    let value: JSONValue
    let path: [any CodingKey]
    let state: DecodingState
    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            _ = state.fail(Void.self, at: path, input: value) { context in
                context.fail(
                    "model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                    input: value)
                return nil
            }
            throw DecodingAbandoned()
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, whole: value, path: path, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            _ = state.fail(Void.self, at: path, input: value) { context in
                context.fail("list_type", "Input should be a valid list", input: value)
                return nil
            }
            throw DecodingAbandoned()
        }
        return UnkeyedContainer(items: items, path: path, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, path: path, state: state)
    }
}

/// Decodes one value: types with their own validation (scalars, collections, models) validate
/// themselves; anything else goes through its `Decodable` initializer. A scalar that fails yields a
/// placeholder, so that decoding continues and later fields are checked too; the issue is recorded.
private func decodeAny<T: Decodable>(
    _ type: T.Type, _ value: JSONValue, _ path: [any CodingKey], _ state: DecodingState
) throws -> T {
    guard let validatable = type as? any Validatable.Type else {
        return try T(from: ValidatingDecoder(value: value, path: path, state: state))
    }
    var context = ValidationContext(location: state.location + path.map(DecodingState.element))
    let result = validatable.validate(value, in: &context)
    state.issues.append(contentsOf: context.issues)
    if let result = result as? T { return result }
    if let placeholder = placeholder(for: type) { return placeholder }
    throw DecodingAbandoned()
}

private func placeholder<T>(for type: T.Type) -> T? {
    switch type {
    case is String.Type: "" as? T
    case is Bool.Type: false as? T
    case is Double.Type: 0.0 as? T
    case is Float.Type: Float(0) as? T
    case is Int.Type: 0 as? T
    default: nil
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let whole: JSONValue
    let path: [any CodingKey]
    let state: DecodingState
    var codingPath: [any CodingKey] { path }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let member = object[key.stringValue] else { return true }
        return member == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let member = object[key.stringValue] else {
            state.missing(at: path + [key], enclosing: whole)
            throw DecodingAbandoned()
        }
        return try decodeAny(type, member, path + [key], state)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = object[key.stringValue], member != .null else { return nil }
        return try decodeAny(type, member, path + [key], state)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ValidatingDecoder(value: object[key.stringValue] ?? .null, path: path + [key], state: state)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValidatingDecoder(value: object[key.stringValue] ?? .null, path: path + [key], state: state)
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValidatingDecoder(value: whole, path: path, state: state) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValidatingDecoder(value: object[key.stringValue] ?? .null, path: path + [key], state: state)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let path: [any CodingKey]
    let state: DecodingState
    var currentIndex = 0
    var codingPath: [any CodingKey] { path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], path: [any CodingKey], state: DecodingState) {
        self.items = items
        self.path = path
        self.state = state
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw DecodingAbandoned() }
        defer { currentIndex += 1 }
        return try decodeAny(type, items[currentIndex], path + [IndexKey(intValue: currentIndex)], state)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }

    private mutating func nextDecoder() throws -> ValidatingDecoder {
        guard !isAtEnd else { throw DecodingAbandoned() }
        defer { currentIndex += 1 }
        return ValidatingDecoder(
            value: items[currentIndex], path: path + [IndexKey(intValue: currentIndex)], state: state)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let path: [any CodingKey]
    let state: DecodingState
    var codingPath: [any CodingKey] { path }

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeAny(type, value, path, state)
    }
}
