/// One value of a form: a text field, or a file of a `multipart/form-data` body.
public enum FormValue: Sendable {
    case text(String)
    case file(UploadFile)
}

/// A parsed form body: FastAPI's (Starlette's) `FormData`. Fields keep their order, and a name may
/// repeat, as when several files are sent under one field.
public struct FormData: Sendable {
    public private(set) var fields: [(name: String, value: FormValue)]

    public init(_ fields: [(name: String, value: FormValue)] = []) {
        self.fields = fields
    }

    mutating func append(_ name: String, _ value: FormValue) {
        fields.append((name, value))
    }

    /// Every value sent under `name`, in order.
    public func values(for name: String) -> [FormValue] {
        fields.compactMap { $0.name == name ? $0.value : nil }
    }

    /// The value a single-valued parameter takes: the last one, as Starlette's `FormData.get`.
    public func lastValue(for name: String) -> FormValue? {
        fields.last(where: { $0.name == name })?.value
    }

    /// The text values sent under `name`, in order; files are left out.
    public func textValues(for name: String) -> [String] {
        values(for: name).compactMap { if case .text(let text) = $0 { text } else { nil } }
    }
}
