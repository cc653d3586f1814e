/// The decoded items of a query string, in order, as Starlette reads them with Python's
/// `parse_qsl(keep_blank_values=True)`: `&` separates items, a key without `=` has an empty value,
/// `+` is a space, and a key may repeat.
public struct QueryString: Sendable {
    public let items: [(key: String, value: String)]

    public init(_ query: Substring) {
        var items: [(key: String, value: String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = item.firstIndex(of: "=") {
                items.append(
                    (
                        PercentDecoding.decode(item[..<equals], plusAsSpace: true),
                        PercentDecoding.decode(item[item.index(after: equals)...], plusAsSpace: true)
                    ))
            } else {
                items.append((PercentDecoding.decode(item, plusAsSpace: true), ""))
            }
        }
        self.items = items
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
