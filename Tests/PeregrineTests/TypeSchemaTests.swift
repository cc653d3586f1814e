import Foundation
import Peregrine
import Testing

enum Colour: String, CaseIterable, ParameterValue { case red, green }

@Routes
struct SchemaRoutes {
    @POST("/things/{id}")
    func create(
        id: UUID, q: String? = nil, @Query tags: [String] = [], @Header x_count: Int, @Cookie colour: Colour = .red,
        ratio: Double = 1, flags: [String: Bool], @Form note: String, upload: UploadFile, @File bytes: [UInt8],
        extra: [UploadFile]? = nil
    ) -> JSONValue { nil }
}

@Model
struct SchemaItem {
    var name: String
    @Field(maxLength: 300, description: "What it is") var details: String? = nil
    @Field(alias: "unit_price", gt: 0, deprecated: true) var price: Double
    var tags: [String] = ["new"]
    var owner: SchemaOwner? = nil
}

@Model
struct SchemaOwner {
    var name: String
    var reports: [SchemaOwner] = []
}

@Suite("Type schemas")
struct TypeSchemaTests {
    @Test("each parameter describes its type for the OpenAPI document")
    func parameterSchemas() throws {
        let route = try #require(SchemaRoutes().routes.first)
        let schemas = Dictionary(uniqueKeysWithValues: route.parameters.map { ($0.name, $0.schema) })
        #expect(schemas["id"] == .string(format: "uuid"))
        #expect(schemas["q"] == .optional(.string(format: nil)))
        #expect(schemas["tags"] == .array(.string(format: nil)))
        #expect(schemas["x-count"] == .integer(format: "int64"))
        #expect(schemas["colour"] == .enumeration(name: "Colour", values: ["red", "green"]))
        #expect(schemas["ratio"] == .number)
        #expect(schemas["flags"] == .dictionary(.boolean))
        #expect(schemas["note"] == .string(format: nil))
        #expect(schemas["upload"] == .file)
        #expect(schemas["bytes"] == .file)
        #expect(schemas["extra"] == .optional(.array(.file)))
    }

    @Test("a model describes its fields: keys, types, required, defaults, constraints, documentation")
    func modelSchema() throws {
        guard case .model(let model) = SchemaItem.typeSchema else {
            Issue.record("a @Model type is a model schema")
            return
        }
        #expect(model.name == "SchemaItem")
        let fields = model.fields()
        #expect(fields.map(\.key) == ["name", "details", "unit_price", "tags", "owner"])
        #expect(fields.map(\.isRequired) == [true, false, true, false, false])
        #expect(fields[1].schema == .optional(.string(format: nil)))
        #expect(fields[1].constraints == Constraints(maxLength: 300))
        #expect(fields[1].description == "What it is")
        #expect(fields[1].defaultValue == .null)
        #expect(fields[2].constraints == Constraints(gt: 0))
        #expect(fields[2].deprecated)
        #expect(fields[3].defaultValue == ["new"])
        guard case .optional(.model(let owner)) = fields[4].schema else {
            Issue.record("a nested model is a model schema")
            return
        }
        // A model that refers to itself is described lazily, by name.
        #expect(owner.fields()[1].schema == .array(SchemaOwner.typeSchema))
    }

    @Test("types without a description of their own are any value")
    func anyValue() {
        #expect(JSONValue.typeSchema == .any)
        #expect([Bool?].typeSchema == .array(.optional(.boolean)))
        #expect(Set<Int8>.typeSchema == .array(.integer(format: nil)))
    }
}
