/// The decoded items of a query string, in order, as Starlette reads them with Python's
/// `parse_qsl(keep_blank_values=True)`: `&` separates items, a key without `=` has an empty value,
/// `+` is a space, and a key may repeat.
public struct QueryString: Sendable {
    public let items: [(key: String, value: String)]

    public init(_ query: Substring) {
        var query = query
        items = query.withUTF8 { bytes in
            var items: [(key: String, value: String)] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                if end > start {
                    let item = bytes[start..<end]
                    if let equals = item.firstIndex(of: UInt8(ascii: "=")) {
                        items.append(
                            (
                                PercentDecoding.decode(UnsafeBufferPointer(rebasing: item[..<equals]), plusAsSpace: true),
                                PercentDecoding.decode(UnsafeBufferPointer(rebasing: item[(equals + 1)...]), plusAsSpace: true)
                            ))
                    } else {
                        items.append((PercentDecoding.decode(UnsafeBufferPointer(rebasing: item), plusAsSpace: true), ""))
                    }
                }
                start = end + 1
            }
            return items
        }
    }

    /// Every value given for `key`, in order.
    public func values(for key: String) -> [String] {
        items.compactMap { $0.key == key ? $0.value : nil }
    }

    /// The value FastAPI uses for a single-valued parameter: the last one given.
    public func lastValue(for key: String) -> String? {
        items.last(where: { $0.key == key })?.value
    }
}
