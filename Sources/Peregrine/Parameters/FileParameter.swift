import Foundation

/// A type a file parameter can have: ``UploadFile``, the file's bytes (`[UInt8]` or `Data`, FastAPI's
/// `bytes = File()`), a list of either, or an optional of any of these.
public protocol FileFieldValue: Sendable {
    /// The value made of the form values sent under the field's name (at least one). Records what
    /// is wrong in `validation` and returns nil when the values do not fit.
    static func make(from values: [FormValue], in validation: inout ValidationContext) async throws -> Self?
    /// The value when nothing was sent: nil for a required file, `.some(nil)` for an optional.
    static var valueWhenMissing: Self? { get }

    /// What the field looks like, for the OpenAPI document.
    static var fileSchema: TypeSchema { get }
}

extension FileFieldValue {
    public static var valueWhenMissing: Self? { nil }
    /// A file; lists and optionals say so themselves.
    public static var fileSchema: TypeSchema { .file }
}

/// The file types an endpoint parameter is read as a file by, with no attribute: ``UploadFile``,
/// a list of them, or an optional of either (FastAPI's rule for `UploadFile` annotations).
public protocol UploadedFiles: FileFieldValue {}

extension UploadFile: UploadedFiles {
    public static func make(from values: [FormValue], in validation: inout ValidationContext) async throws -> UploadFile? {
        switch values.last {
        case .file(let file):
            return file
        case .text(let text):
            validation.fail(
                "value_error", "Value error, Expected UploadFile, received: <class 'str'>", input: .string(text),
                context: ["error": .object([:])])
            return nil
        case nil:
            validation.failMissing()
            return nil
        }
    }
}

/// What a list file parameter holds: files (``UploadFile``, `Data`), one per value sent, or the
/// bytes of one file (`UInt8`, so that `[UInt8]` is FastAPI's `bytes = File()`).
public protocol FileFieldElement: Sendable {
    static func makeList(from values: [FormValue], in validation: inout ValidationContext) async throws -> [Self]?
    /// What a list of elements looks like: several files, or (for bytes) one.
    static var listSchema: TypeSchema { get }
}

extension FileFieldElement {
    public static var listSchema: TypeSchema { .array(.file) }
}

extension FileFieldElement where Self: FileFieldValue {
    /// One element per value sent, each validated at its index.
    public static func makeList(from values: [FormValue], in validation: inout ValidationContext) async throws -> [Self]? {
        var elements: [Self] = []
        var valid = true
        for (index, value) in values.enumerated() {
            validation.enter(.index(index))
            if let element = try await make(from: [value], in: &validation) {
                elements.append(element)
            } else {
                valid = false
            }
            validation.leave()
        }
        return valid ? elements : nil
    }
}

extension UploadFile: FileFieldElement {}
extension Data: FileFieldElement {}

extension UInt8: FileFieldElement {
    /// `[UInt8]` is one file's bytes.
    public static var listSchema: TypeSchema { .file }

    /// The content of the last value: a file's bytes, or a text field's UTF-8.
    public static func makeList(from values: [FormValue], in validation: inout ValidationContext) async throws -> [UInt8]? {
        switch values.last {
        case .file(let file): return try await file.read(at: 0)
        case .text(let text): return Array(text.utf8)
        case nil:
            validation.failMissing()
            return nil
        }
    }
}

extension Array: FileFieldValue where Element: FileFieldElement {
    public static func make(from values: [FormValue], in validation: inout ValidationContext) async throws -> [Element]? {
        try await Element.makeList(from: values, in: &validation)
    }

    public static var fileSchema: TypeSchema { Element.listSchema }
}

extension Array: UploadedFiles where Element == UploadFile {}

extension Optional: FileFieldValue where Wrapped: FileFieldValue {
    public static func make(from values: [FormValue], in validation: inout ValidationContext) async throws -> Wrapped?? {
        guard let wrapped = try await Wrapped.make(from: values, in: &validation) else { return nil }
        return .some(wrapped)
    }

    public static var valueWhenMissing: Wrapped?? { .some(nil) }

    public static var fileSchema: TypeSchema { .optional(Wrapped.fileSchema) }
}

extension Optional: UploadedFiles where Wrapped: UploadedFiles {}

extension Data: FileFieldValue {
    public static func make(from values: [FormValue], in validation: inout ValidationContext) async throws -> Data? {
        switch values.last {
        case .file(let file): return Data(try await file.read(at: 0))
        case .text(let text): return Data(text.utf8)
        case nil:
            validation.failMissing()
            return nil
        }
    }
}

/// A file field of a `multipart/form-data` body: FastAPI's `File()` and `UploadFile`.
///
/// `FileParameter<UploadFile>("file")` takes the last file sent under `file`;
/// `FileParameter<[UploadFile]>("files")` takes every one; `FileParameter<[UInt8]>("file")` reads
/// the content. Errors are reported at `["body", name]`, as FastAPI reports them.
public struct FileParameter<Value: FileFieldValue>: RequestExtractor {
    public let name: String
    public let description: String?
    let defaultValue: (@Sendable () -> Value)?
    let location: [LocationElement]

    init(name: String, defaultValue: (@Sendable () -> Value)?, description: String?) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.location = ["body", .key(name)]
    }

    public init(_ name: String, description: String? = nil) {
        self.init(name: name, defaultValue: nil, description: description)
    }

    public init(_ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, description: String? = nil) {
        self.init(name: name, defaultValue: defaultValue, description: description)
    }

    public var parameter: ParameterDescriptor? {
        ParameterDescriptor(
            source: .file, name: name, isRequired: defaultValue == nil && Value.valueWhenMissing == nil,
            description: description, schema: Value.fileSchema)
    }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        var values = input.form?.values(for: name) ?? []
        // An empty text value is no value, as FastAPI treats an empty form field.
        if values.count == 1, case .text("") = values[0] { values = [] }
        guard !values.isEmpty else {
            if let defaultValue { return defaultValue() }
            if let value = Value.valueWhenMissing { return value }
            input.validation.record(.missing(at: location))
            return nil
        }
        for element in location { input.validation.enter(element) }
        defer { for _ in location { input.validation.leave() } }
        return try await Value.make(from: values, in: &input.validation)
    }
}

extension ParameterAttribute where Location == FileLocation, Value: FileFieldValue {
    /// The extractor of a `@File` parameter, as the route macros generate it.
    public static func extractor(
        _ name: String, description: String? = nil
    ) -> FileParameter<Value> {
        FileParameter(name: name, defaultValue: nil, description: description)
    }

    public static func extractor(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, description: String? = nil
    ) -> FileParameter<Value> {
        FileParameter(name: name, defaultValue: defaultValue, description: description)
    }
}
