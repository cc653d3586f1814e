import Foundation

/// Turns a value into JSON-ready data: FastAPI's `jsonable_encoder`.
///
/// Models, `Codable` types, arrays, dictionaries and optionals become the matching ``JSONValue``;
/// the types JSON has no word for are written as pydantic writes them:
/// - `Date` (an instant) as Python's `isoformat()` of it in UTC, `2024-01-02T03:04:05+00:00`;
///   ``DateTime``, ``CalendarDate`` and ``TimeOfDay`` by `isoformat()` too, ``TimeDelta`` as its
///   seconds (`total_seconds()`);
/// - `DateComponents` as Python's naive `date` or `datetime`: `2024-01-02` when only the day is set,
///   `2024-01-02T03:04:05` with a time;
/// - `UUID` in lower case; `URL` as its text;
/// - `Decimal` as an integer when whole, else as a float (FastAPI's `decimal_encoder`: `1.50` → `1.5`);
/// - enums with raw values as their raw value.
///
/// ```swift
/// let data = jsonableEncoder(["when": DateComponents(year: 2024, month: 1, day: 2), "price": Decimal(string: "1.50")!])
/// ```
///
/// `include`, `exclude`, `excludeUnset`, `excludeNone` and `byAlias` shape the models inside the
/// value as FastAPI's switches of the same names do (see ``SerializationOptions``).
public func jsonableEncoder<Value: Encodable>(
    _ value: Value, include: Set<String>? = nil, exclude: Set<String> = [], byAlias: Bool = true,
    excludeUnset: Bool = false, excludeNone: Bool = false
) -> JSONValue {
    let options = SerializationOptions(
        excludeUnset: excludeUnset, excludeNone: excludeNone, include: include, exclude: exclude, byAlias: byAlias)
    let root = EncodingNode()
    do {
        if options.isPlain {
            try encodeAny(value, into: root, path: [])
        } else {
            try SerializationOptions.$current.withValue(options) { try encodeAny(value, into: root, path: []) }
        }
    } catch {
        return .null
    }
    return root.resolved
}

/// ``jsonableEncoder(_:)`` for an object written as a literal of mixed values; its keys keep
/// their order.
public func jsonableEncoder(_ members: KeyValuePairs<String, any Encodable>) -> JSONValue {
    var object = JSONObject()
    for (key, value) in members { object[key] = jsonableEncoder(value) }
    return .object(object)
}

/// The written forms of the values JSON has no type for.
enum JSONableEncoding {
    static func number(_ decimal: Decimal) -> JSONValue {
        var rounded = Decimal()
        var copy = decimal
        NSDecimalRound(&rounded, &copy, 0, .plain)
        if rounded == decimal, let whole = Int(exactly: NSDecimalNumber(decimal: decimal).int64Value),
            Decimal(whole) == decimal
        {
            return .int(whole)
        }
        return .double(NSDecimalNumber(decimal: decimal).doubleValue)
    }

    static func isoText(_ components: DateComponents) -> String? {
        guard let year = components.year, let month = components.month, let day = components.day else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        guard let hour = components.hour else { return text }
        text += "T\(pad(hour, 2)):\(pad(components.minute ?? 0, 2)):\(pad(components.second ?? 0, 2))"
        if let nanosecond = components.nanosecond, nanosecond >= 1000 { text += "." + pad(nanosecond / 1000, 6) }
        return text
    }
}
