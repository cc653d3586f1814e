/// Which fields of a model were given a value: pydantic's `model_fields_set`.
///
/// Validation records the fields present in the input; a model built in Swift (with its memberwise
/// initializer) counts every field as set, because Swift cannot tell a passed argument from a
/// default one. Response shaping (`responseModelExcludeUnset`) and partial updates
/// (``ModelContent/updated(with:)``) read it.
///
/// Fields are numbered in declaration order; the set is a bit mask, so tracking it costs no
/// allocation for models of up to 64 fields.
public struct FieldsSet: Sendable, Hashable {
    private var low: UInt64
    private var high: [UInt64]
    private var everything: Bool

    /// Every field, present or future: what a model built in Swift has.
    public static let all = FieldsSet(low: 0, high: [], everything: true)
    /// No field.
    public static let none = FieldsSet(low: 0, high: [], everything: false)

    private init(low: UInt64, high: [UInt64], everything: Bool) {
        self.low = low
        self.high = high
        self.everything = everything
    }

    public func contains(_ index: Int) -> Bool {
        if everything { return true }
        if index < 64 { return low & (1 << UInt64(index)) != 0 }
        let word = index / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(index % 64)) != 0
    }

    public mutating func insert(_ index: Int) {
        if everything { return }
        if index < 64 {
            low |= 1 << UInt64(index)
            return
        }
        let word = index / 64 - 1
        while high.count <= word { high.append(0) }
        high[word] |= 1 << UInt64(index % 64)
    }

    /// The fields set in either.
    public func union(_ other: FieldsSet) -> FieldsSet {
        if everything || other.everything { return .all }
        var result = self
        result.low |= other.low
        for (word, bits) in other.high.enumerated() {
            while result.high.count <= word { result.high.append(0) }
            result.high[word] |= bits
        }
        return result
    }
}

/// Where a `@Model` keeps its ``FieldsSet``: a stored property the macro adds. It compares and
/// hashes as always equal, so that a model's synthesized `Equatable` and `Hashable` compare field
/// values only, as pydantic's `__eq__` does.
public struct FieldsSetStorage: Sendable, Hashable {
    public var fields: FieldsSet

    public init(_ fields: FieldsSet = .all) {
        self.fields = fields
    }

    public static func == (lhs: FieldsSetStorage, rhs: FieldsSetStorage) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
