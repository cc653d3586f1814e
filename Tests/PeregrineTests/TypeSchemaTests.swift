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

@Suite("Type schemas")
struct TypeSchemaTests {
    @Test("each parameter describes its type for the OpenAPI document")
    func parameterSchemas() throws {
        let route = try #require(SchemaRoutes().routes.first)
        let schemas = Dictionary(uniqueKeysWithValues: route.parameters.map { ($0.name, $0.schema) })
        #expect(schemas["id"] == .string(format: "uuid"))
        #expect(schemas["q"] == .optional(.string(format: nil)))
        #expect(schemas["tags"] == .array(.string(format: nil)))
        #expect(schemas["x-count"] == .integer)
        #expect(schemas["colour"] == .enumeration(name: "Colour", values: ["red", "green"]))
        #expect(schemas["ratio"] == .number)
        #expect(schemas["flags"] == .dictionary(.boolean))
        #expect(schemas["note"] == .string(format: nil))
        #expect(schemas["upload"] == .file)
        #expect(schemas["bytes"] == .file)
        #expect(schemas["extra"] == .optional(.array(.file)))
    }

    @Test("types without a description of their own are any value")
    func anyValue() {
        #expect(JSONValue.typeSchema == .any)
        #expect([Bool?].typeSchema == .array(.optional(.boolean)))
        #expect(Set<Int8>.typeSchema == .array(.integer))
    }
}
