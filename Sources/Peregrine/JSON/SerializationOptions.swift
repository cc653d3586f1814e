/// How a model is shaped when written: FastAPI's `response_model_exclude_unset`,
/// `response_model_exclude_none`, `response_model_include` and `response_model_exclude`, and
/// `jsonable_encoder`'s switches of the same names.
///
/// `excludeUnset` and `excludeNone` apply at every depth, as pydantic applies them; `include` and
/// `exclude` name fields of the outermost model (by Swift name or key).
public struct SerializationOptions: Sendable, Hashable {
    /// Leave out fields that were not given a value (see ``FieldsSet``).
    public var excludeUnset: Bool
    /// Leave out fields whose value is `nil`.
    public var excludeNone: Bool
    /// Only these fields of the outermost model, when set.
    public var include: Set<String>?
    /// Not these fields of the outermost model.
    public var exclude: Set<String>
    /// Write fields under their alias (the default, as FastAPI does) rather than their Swift name.
    public var byAlias: Bool

    public init(
        excludeUnset: Bool = false, excludeNone: Bool = false, include: Set<String>? = nil, exclude: Set<String> = [],
        byAlias: Bool = true
    ) {
        self.excludeUnset = excludeUnset
        self.excludeNone = excludeNone
        self.include = include
        self.exclude = exclude
        self.byAlias = byAlias
    }

    /// Whether anything is shaped at all; when not, models take the plain path.
    public var isPlain: Bool { !excludeUnset && !excludeNone && include == nil && exclude.isEmpty && byAlias }

    /// The options ``jsonableEncoder(_:include:exclude:byAlias:excludeUnset:excludeNone:)`` is
    /// applying, for the models it meets through `Encodable`.
    @TaskLocal static var current: SerializationOptions?
}

/// Writes the members of one model, leaving out what the writer's ``SerializationOptions`` say;
/// the `@Model` macro's `writeJSON` goes through it.
public struct ModelMembers {
    fileprivate var writer: JSONWriter
    fileprivate let options: SerializationOptions
    fileprivate let fieldsSet: FieldsSet
    fileprivate let isPlain: Bool

    /// Writes a stored field: its `key` (alias), Swift `name` and declaration `index`.
    public mutating func field<Value: JSONWritable>(_ key: String, _ name: String, _ index: Int, _ value: Value) {
        if isPlain {
            writer.writeMember(key, value)
            return
        }
        if options.excludeUnset, !fieldsSet.contains(index) { return }
        write(key, name, value)
    }

    /// Writes a computed field (`@Computed`), which is always "set".
    public mutating func computed<Value: JSONWritable>(_ key: String, _ value: Value) {
        if isPlain {
            writer.writeMember(key, value)
            return
        }
        write(key, key, value)
    }

    private mutating func write<Value: JSONWritable>(_ key: String, _ name: String, _ value: Value) {
        if let include = options.include, !include.contains(name), !include.contains(key) { return }
        if options.exclude.contains(name) || options.exclude.contains(key) { return }
        if options.excludeNone, let optional = value as? any OptionalWritable, optional.isNone { return }
        writer.writeMember(options.byAlias ? key : name, value)
    }
}

/// Lets shaping see that a value is `nil` without knowing its wrapped type.
protocol OptionalWritable {
    var isNone: Bool { get }
}

extension Optional: OptionalWritable {
    var isNone: Bool { self == nil }
}

extension JSONWriter {
    /// Writes a model's members as an object, shaped by ``options``; include and exclude apply to
    /// this model only, not to the values nested in it.
    public mutating func writeModel(fieldsSet: FieldsSet, _ body: (inout ModelMembers) -> Void) {
        let options = self.options
        let isPlain = options.isPlain
        var members = ModelMembers(writer: JSONWriter(reservingCapacity: 0), options: options, fieldsSet: fieldsSet, isPlain: isPlain)
        swap(&members.writer, &self)
        if !isPlain, options.include != nil || !options.exclude.isEmpty {
            members.writer.options.include = nil
            members.writer.options.exclude = []
        }
        let mark = members.writer.beginObject()
        body(&members)
        members.writer.endObject(mark)
        swap(&members.writer, &self)
        self.options = options
    }
}
