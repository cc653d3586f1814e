import Foundation

// `Content` for plain `Codable` types, writing: values are written through `Encodable` with `nil` as
// `null` (FastAPI writes every field) and Foundation's types as pydantic writes them.

extension Content {
    public func writeJSON(to writer: inout JSONWriter) {
        let root = EncodingNode()
        do {
            try encode(to: TreeEncoder(node: root, path: []))
        } catch {
            root.value = .null
        }
        root.resolved.writeJSON(to: &writer)
    }
}

/// A node of the tree being encoded; containers fill it in after they are handed out.
final class EncodingNode {
    var value: JSONValue = .null
    var members: [(String, EncodingNode)]?
    var elements: [EncodingNode]?

    var resolved: JSONValue {
        if let members {
            var object = JSONObject()
            for (key, node) in members { object[key] = node.resolved }
            return .object(object)
        }
        if let elements { return .array(elements.map(\.resolved)) }
        return value
    }

    func member(_ key: String) -> EncodingNode {
        if members == nil { members = [] }
        if let existing = members!.first(where: { $0.0 == key }) { return existing.1 }
        let node = EncodingNode()
        members!.append((key, node))
        return node
    }

    func appendElement() -> EncodingNode {
        if elements == nil { elements = [] }
        let node = EncodingNode()
        elements!.append(node)
        return node
    }
}

func encodeAny<T: Encodable>(_ value: T, into node: EncodingNode, path: [any CodingKey]) throws {
    switch value {
    case let value as any JSONableRepresentable:
        node.value = value.jsonableValue
    case let value as any JSONWritable where !(value is any Content) || value is any ParameterValue:
        // Scalars and JSON values write themselves. Other `Content` (plain `Codable` types, and
        // `@Model` types, whose generated `encode(to:)` writes the same fields) goes through
        // `Encodable`: a plain type's `writeJSON` is this very encoder, so asking it would recurse.
        node.value = JSONValue(value)
    case let value as DateComponents:
        node.value = JSONableEncoding.isoText(value).map(JSONValue.string) ?? .null
    case let value as URL:
        node.value = .string(value.absoluteString)
    default:
        try value.encode(to: TreeEncoder(node: node, path: path))
    }
}

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedEncoding<Key>(node: node, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedEncoding(node: node, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleEncoding(node: node, path: path)
    }
}

private struct KeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).value = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeAny(value, into: node.member(key.stringValue), path: path + [key])
    }

    // FastAPI writes absent optionals as null, where Codable's default would leave the key out.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(node: node.member(key.stringValue), path: path + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.member(key.stringValue), path: path + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node, path: path) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.member(key.stringValue), path: path + [key])
    }
}

private struct UnkeyedEncoding: UnkeyedEncodingContainer {
    let node: EncodingNode
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }
    var count: Int { node.elements?.count ?? 0 }

    mutating func encodeNil() throws { node.appendElement().value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeAny(value, into: node.appendElement(), path: path + [IndexKey(intValue: count)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(node: node.appendElement(), path: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.appendElement(), path: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.appendElement(), path: path) }
}

private struct SingleEncoding: SingleValueEncodingContainer {
    let node: EncodingNode
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }

    mutating func encodeNil() throws { node.value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeAny(value, into: node, path: path)
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let members = try container.decode([String: JSONValue].self)
            self = .object(JSONObject(uniqueKeysWithValues: members.sorted { $0.key < $1.key }))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .object = self {} else { return try encodeSingle(to: encoder) }
        if case .object(let object) = self {
            var keyed = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in object { try keyed.encode(value, forKey: MemberKey(stringValue: key)) }
        }
    }

    private func encodeSingle(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object:
            break
        }
    }
}

private struct MemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Writes any `Encodable` value as JSON through the same `Encodable` bridge `Content` uses.
public struct EncodableContent<Value: Encodable>: JSONWritable {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func writeJSON(to writer: inout JSONWriter) {
        let root = EncodingNode()
        do {
            try encodeAny(value, into: root, path: [])
        } catch {
            root.value = .null
        }
        root.resolved.writeJSON(to: &writer)
    }
}
