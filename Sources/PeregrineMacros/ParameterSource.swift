/// Where an endpoint or dependency parameter comes from, as the macros read it: the attribute the
/// parameter carries, a path placeholder of the same name, or its type when it has neither.
enum ParameterSource: Equatable {
    case path, query, header, cookie, body, form, file, dependency
    /// No attribute and no placeholder: the library picks the source from the type.
    case inferred

    /// The sources an attribute names, by the attribute's name.
    static let attributes: [String: ParameterSource] = [
        "Path": .path, "Query": .query, "Header": .header, "Cookie": .cookie, "Body": .body, "Form": .form, "File": .file,
        "Depends": .dependency,
    ]

    /// The attribute naming the source, which is also the library type whose `extractor`
    /// factory builds its extractor (`Query<Int>.extractor("skip")`).
    var attributeName: String? {
        Self.attributes.first { $0.value == self }?.key
    }

    /// The word diagnostics use for a source whose values are text, nil for the others.
    var textTitle: String? {
        switch self {
        case .path, .query, .header, .cookie, .form: word
        default: nil
        }
    }

    /// The source in words, for diagnostics.
    var word: String {
        switch self {
        case .path: "path"
        case .query: "query"
        case .header: "header"
        case .cookie: "cookie"
        case .body: "body"
        case .form: "form"
        case .file: "file"
        case .dependency: "dependency"
        case .inferred: "type"
        }
    }

    /// Whether the source holds one value per name, never a list.
    var holdsSingleValue: Bool { self == .path || self == .cookie }
    /// Whether the parameter may declare a default value.
    var takesDefault: Bool { self != .path && self != .dependency }
    /// Whether the attribute's `minLength`, `gt`, … apply.
    var takesConstraints: Bool { self != .file && self != .dependency }
}
