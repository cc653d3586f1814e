import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@Model expansion")
struct ModelExpansionTests {
    @Test("fields with defaults, optionals, constraints and aliases")
    func fields() {
        assertExpansion(
            """
            @Model
            public struct Item {
                public var name: String
                @Field(maxLength: 300) public var description: String? = nil
                @Field(alias: "unit_price", gt: 0) public var price: Double
                public var tags: [String] = []
                public let kind = "item"
                public var label: String { name }
                public static var count = 0
            }
            """,
            expandedSource: """
                public struct Item {
                    public var name: String
                    public var description: String? = nil
                    public var price: Double
                    public var tags: [String] = []
                    public let kind = "item"
                    public var label: String { name }
                    public static var count = 0

                    /// Which fields this value was given; see `FieldsSet`.
                    public var _fieldsSet = FieldsSetStorage()
                }

                extension Item: ModelContent {
                    public typealias FieldTypes = ModelFieldTypes<String, String?, Double, [String]>

                    /// The fields declared `@Field(literal:)`, by key: what a discriminated union's
                    /// `discriminator` must name.
                    public enum LiteralFields {
                    }

                    private init(_validatedFields name: String, description: String?, price: Double, tags: [String], fieldsSet: FieldsSet) {
                        self.name = name
                        self.description = description
                        self.price = price
                        self.tags = tags
                        self._fieldsSet = FieldsSetStorage(fieldsSet)
                    }

                    public static var fieldKeys: [String] {
                        ["name", "description", "unit_price", "tags"]
                    }

                    public var fieldsSet: FieldsSet {
                        get {
                            _fieldsSet.fields
                        }
                        set {
                            _fieldsSet.fields = newValue
                        }
                    }

                    public func updated(with update: Self) -> Self {
                        Self(_validatedFields: update.fieldsSet.contains(0) ? update.name : self.name, description: update.fieldsSet.contains(1) ? update.description : self.description, price: update.fieldsSet.contains(2) ? update.price : self.price, tags: update.fieldsSet.contains(3) ? update.tags : self.tags, fieldsSet: fieldsSet.union(update.fieldsSet))
                    }

                    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Item? {
                        guard case .object(let object) = input else {
                    context.fail("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: input)
                    return nil
                        }
                        var fieldsSet = FieldsSet.none
                        let name: String? = ModelField.validate(object["name"], key: "name", in: input, default: nil, constraints: .none, strict: false, index: 0, fieldsSet: &fieldsSet, context: &context)
                        let description: String?? = ModelField.validate(object["description"], key: "description", in: input, default: {
                                nil
                            }, constraints: _PeregrineConstraints.description, strict: false, index: 1, fieldsSet: &fieldsSet, context: &context)
                        let price: Double? = ModelField.validate(object["unit_price"], key: "unit_price", in: input, default: nil, constraints: _PeregrineConstraints.price, strict: false, index: 2, fieldsSet: &fieldsSet, context: &context)
                        let tags: [String]? = ModelField.validate(object["tags"], key: "tags", in: input, default: {
                                []
                            }, constraints: .none, strict: false, index: 3, fieldsSet: &fieldsSet, context: &context)
                        _ = object
                        guard let name, let description, let price, let tags else {
                            return nil
                        }
                        return Self(_validatedFields: name, description: description, price: price, tags: tags, fieldsSet: fieldsSet)
                    }

                    public init(from decoder: any Decoder) throws {
                        self = try ModelCoding.decode(Self.self, from: decoder)
                    }

                    public func encode(to encoder: any Encoder) throws {
                        try ModelCoding.encode(self, to: encoder)
                    }

                    public func writeJSON(to writer: inout JSONWriter) {
                        writer.writeModel(fieldsSet: _fieldsSet.fields) { members in
                            members.field("name", "name", 0, self.name)
                            members.field("description", "description", 1, self.description)
                            members.field("unit_price", "price", 2, self.price)
                            members.field("tags", "tags", 3, self.tags)
                        }
                    }

                    public static var typeSchema: TypeSchema {
                        .model(ModelSchema(name: "Item") {
                                [
                                    ModelFieldSchema(key: "name", type: (String).self, default: nil),
                                    ModelFieldSchema(key: "description", type: (String?).self, default: {
                                            nil
                                        }, constraints: _PeregrineConstraints.description),
                                    ModelFieldSchema(key: "unit_price", type: (Double).self, default: nil, constraints: _PeregrineConstraints.price),
                                    ModelFieldSchema(key: "tags", type: ([String]).self, default: {
                                            []
                                        }),
                                ]
                            })
                    }

                    private enum _PeregrineConstraints {
                        nonisolated static let description = Constraints(maxLength: 300)
                        nonisolated static let price = Constraints(gt: 0)
                    }
                }
                """)
    }

    @Test("a field without a type annotation is an error")
    func fieldWithoutType() {
        assertExpansion(
            """
            @Model
            struct Counter {
                var count = 0
            }
            """,
            expandedSource: """
                struct Counter {
                    var count = 0

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: "field 'count' needs a type annotation, such as 'count: String'", line: 3, column: 9)
            ])
    }

    @Test("@Model applies to structs only, @Field to properties only")
    func wrongDeclarations() {
        assertExpansion(
            """
            @Model
            enum Kind {
                case a
            }
            struct Plain {
                @Field(gt: 0)
                func f() {}
            }
            """,
            expandedSource: """
                enum Kind {
                    case a
                }
                struct Plain {
                    func f() {}
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: "@Model applies to structs", line: 1, column: 1),
                DiagnosticSpec(message: "@Field applies to stored properties of a @Model type", line: 6, column: 5),
            ])
    }
}
