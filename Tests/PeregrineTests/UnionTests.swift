import Peregrine
import Testing

@Union
private enum Scalar {
    case int(Int)
    case str(String)
}

@Model
private struct Circle {
    @Field(literal: "circle") var kind: String
    @Field(gt: 0) var radius: Double
}

@Model
private struct Square {
    @Field(literal: ["square", "box"]) var kind: String
    var side: Int
}

@Union(discriminator: "kind")
private enum Shape {
    case circle(Circle)
    case square(Square)
}

/// Unions as pydantic reads them: smart mode picks the member the input matches most exactly;
/// a discriminated union reads the tag and validates one member.
@Suite("Unions and discriminated unions")
struct UnionTests {
    func verdict<Value: Validatable & JSONWritable>(_ type: Value.Type, _ input: JSONValue) -> JSONValue {
        var context = ValidationContext(location: ["body", "x"])
        guard let value = Value.validate(input, in: &context) else { return JSONValue(context.issues) }
        return ["value": JSONValue(value)]
    }

    @Test("the member matching the input's own type wins, else the most exact coercion")
    func smartMode() {
        #expect(verdict(Scalar.self, "7") == ["value": "7"])
        #expect(verdict(Scalar.self, 7) == ["value": 7])
        #expect(verdict(Scalar.self, 7.0) == ["value": 7])
        #expect(verdict(Scalar.self, true) == ["value": 1])
    }

    @Test("when no member matches, each member's issues are reported under its label")
    func smartModeErrors() {
        #expect(
            verdict(Scalar.self, [1])
                == [
                    ["type": "int_type", "loc": ["body", "x", "int"], "msg": "Input should be a valid integer", "input": [1]],
                    ["type": "string_type", "loc": ["body", "x", "str"], "msg": "Input should be a valid string", "input": [1]],
                ])
    }

    @Test("the tag selects the member; several literal values may select one")
    func tagged() {
        #expect(verdict(Shape.self, ["kind": "box", "side": 2]) == ["value": ["kind": "box", "side": 2]])
        #expect(
            verdict(Shape.self, ["kind": "circle", "radius": 0])
                == [
                    [
                        "type": "greater_than", "loc": ["body", "x", "circle", "radius"], "msg": "Input should be greater than 0",
                        "input": 0, "ctx": ["gt": 0.0],
                    ]
                ])
    }

    @Test("a missing or unknown tag, and an input that is not an object")
    func taggedErrors() {
        #expect(
            verdict(Shape.self, ["radius": 1])
                == [
                    [
                        "type": "union_tag_not_found", "loc": ["body", "x"], "msg": "Unable to extract tag using discriminator 'kind'",
                        "input": ["radius": 1], "ctx": ["discriminator": "'kind'"],
                    ]
                ])
        #expect(
            verdict(Shape.self, ["kind": false])
                == [
                    [
                        "type": "union_tag_invalid", "loc": ["body", "x"],
                        "msg": "Input tag 'False' found using 'kind' does not match any of the expected tags: 'circle', 'square', 'box'",
                        "input": ["kind": false],
                        "ctx": ["discriminator": "'kind'", "tag": "False", "expected_tags": "'circle', 'square', 'box'"],
                    ]
                ])
        #expect(
            verdict(Shape.self, "circle")
                == [
                    [
                        "type": "model_attributes_type", "loc": ["body", "x"],
                        "msg": "Input should be a valid dictionary or object to extract fields from", "input": "circle",
                    ]
                ])
    }

    @Test("the document writes anyOf, and oneOf with the discriminator's mapping")
    func documented() {
        let app = App()
        app.add(Route(.post, "/shapes/", BodyParameter<Shape>("shape"), BodyParameter<Scalar>("scalar"), renderer: .automatic(for: Void.self)) { _, _ in })
        let document = app.openAPIJSON
        let reference = document["paths"]?["/shapes/"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]
        guard case .string(let path) = reference else {
            Issue.record("no body schema")
            return
        }
        let body = document["components"]?["schemas"]?[String(path.split(separator: "/").last!)]?["properties"]
        #expect(body?["scalar"] == (["anyOf": [["type": "integer"], ["type": "string"]], "title": "Scalar"] as JSONValue).sortingKeys())
        let expectedShape: JSONValue = [
                    "oneOf": [["$ref": "#/components/schemas/Circle"], ["$ref": "#/components/schemas/Square"]], "title": "Shape",
                    "discriminator": [
                        "propertyName": "kind",
                        "mapping": [
                            "circle": "#/components/schemas/Circle", "square": "#/components/schemas/Square",
                            "box": "#/components/schemas/Square",
                        ],
                    ],
                ]
        #expect(body?["shape"] == expectedShape.sortingKeys())
        #expect(
            document["components"]?["schemas"]?["Circle"]?["properties"]?["kind"]
                == (["type": "string", "const": "circle", "title": "Kind"] as JSONValue).sortingKeys())
    }
}

private enum Priority: Int, CaseIterable, ParameterValue {
    case low = 1, normal = 2, high = 3
}

private enum Flavor: String, CaseIterable, LiteralSet {
    case vanilla, mint
}

/// Enums with integer raw values (Python's `IntEnum`) and literal sets, as pydantic reads and
/// documents them.
@Suite("Integer enums and literal sets")
struct EnumerationTests {
    @Test("an integer enum takes its raw values, lax as an integer is, and is documented as a named integer set")
    func integerEnum() {
        var context = ValidationContext(location: ["query", "p"])
        #expect(Priority.validate("2", in: &context) == .normal)
        #expect(Priority.validate(4, in: &context) == nil)
        #expect(
            JSONValue(context.issues)
                == [["type": "enum", "loc": ["query", "p"], "msg": "Input should be 1, 2 or 3", "input": 4, "ctx": ["expected": "1, 2 or 3"]]])
        let app = App()
        app.add(Route(.get, "/p", QueryParameter<Priority>("p"), renderer: .automatic(for: Void.self)) { _ in })
        #expect(
            app.openAPIJSON["components"]?["schemas"]?["Priority"]
                == (["type": "integer", "enum": [1, 2, 3], "title": "Priority"] as JSONValue).sortingKeys())
    }

    @Test("a literal set refuses with literal_error and is documented inline")
    func literalSet() {
        var context = ValidationContext(location: ["query", "f"])
        #expect(Flavor.validate("mint", in: &context) == .mint)
        #expect(Flavor.validate("Mint", in: &context) == nil)
        #expect(
            JSONValue(context.issues)
                == [
                    [
                        "type": "literal_error", "loc": ["query", "f"], "msg": "Input should be 'vanilla' or 'mint'", "input": "Mint",
                        "ctx": ["expected": "'vanilla' or 'mint'"],
                    ]
                ])
        let app = App()
        app.add(Route(.get, "/f", QueryParameter<Flavor>("f"), renderer: .automatic(for: Void.self)) { _ in })
        let schema = app.openAPIJSON["paths"]?["/f"]?["get"]?["parameters"]?[0]?["schema"]
        #expect(schema == (["type": "string", "enum": ["vanilla", "mint"], "title": "F"] as JSONValue).sortingKeys())
    }
}
