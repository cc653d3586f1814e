extension StringProtocol {
    /// The text without leading and trailing Unicode whitespace (NBSP included), as Python's
    /// `str.strip()` and pydantic trim: FastAPI's parsing of numbers, cookies and content types
    /// relies on it.
    func trimmingWhitespace() -> Substring {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return Substring(scalars[first...last])
    }
}
