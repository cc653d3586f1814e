import Peregrine
import PeregrineTesting
import Testing

@Model(extra: .forbid)
private struct Registration {
    @Field(minLength: 3) var username: String
    var password: String
    var repeated: String
    @Field(multipleOf: 5) var age: Int = 20

    @FieldValidator("username")
    static func lowercased(_ value: String) throws -> String {
        guard value.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw ValueError("must be alphanumeric") }
        return value.lowercased()
    }

    @FieldValidator("password", mode: .before)
    static func trimmed(_ raw: JSONValue) throws -> JSONValue {
        guard case .string(let text) = raw else { return raw }
        return .string(String(text.drop(while: { $0 == " " })))
    }

    @ModelValidator
    func matching() throws {
        if password != repeated { throw ValueError("passwords do not match") }
    }
}

@Model(strict: true)
private struct StrictCounts {
    var count: Int
    var ratio: Double = 1
}

@Model
private struct Ratios {
    @Field(gt: 0, allowInfNaN: false) var finite: Double = 1
    @Field(allowInfNaN: true) var any: Double = 1
}

@Model
private struct Profile {
    var name: String? = nil
    var bio: String? = nil
    var score: Double = 1.5
    var tags: [String] = []

    @Computed var initials: String { String((name ?? "").prefix(1)) }
}

/// Validators, `extra` and `strict`, fields set, output shaping and computed fields, as pydantic
/// and FastAPI's `response_model_*` options behave.
@Suite("Model validators, extra fields, strictness, fields set and output shaping")
struct ModelFeatureTests {
    func issues<Value: Validatable>(_ type: Value.Type, _ input: JSONValue) -> JSONValue {
        var context = ValidationContext(location: ["body"])
        _ = Value.validate(input, in: &context)
        return JSONValue(context.issues)
    }

    @Test("a field validator transforms the value; a before validator sees the raw input")
    func fieldValidators() throws {
        let model = try Registration(validating: ["username": "Alice1", "password": "  pw", "repeated": "pw"])
        #expect(model.username == "alice1")
        #expect(model.password == "pw")
    }

    @Test("a field validator's refusal is a value_error at the field; the model validator then does not run")
    func fieldValidatorError() {
        #expect(
            issues(Registration.self, ["username": "al ice", "password": "a", "repeated": "b"])
                == [
                    [
                        "type": "value_error", "loc": ["body", "username"], "msg": "Value error, must be alphanumeric",
                        "input": "al ice", "ctx": ["error": [:]],
                    ]
                ])
    }

    @Test("constraints come before the field validator, and extra keys after every field")
    func order() {
        #expect(
            issues(Registration.self, ["username": "a!", "password": "x", "repeated": "x", "age": 7, "admin": true, "x": nil])
                == [
                    [
                        "type": "string_too_short", "loc": ["body", "username"], "msg": "String should have at least 3 characters",
                        "input": "a!", "ctx": ["min_length": 3],
                    ],
                    [
                        "type": "multiple_of", "loc": ["body", "age"], "msg": "Input should be a multiple of 5", "input": 7,
                        "ctx": ["multiple_of": 5],
                    ],
                    ["type": "extra_forbidden", "loc": ["body", "admin"], "msg": "Extra inputs are not permitted", "input": true],
                    ["type": "extra_forbidden", "loc": ["body", "x"], "msg": "Extra inputs are not permitted", "input": nil],
                ])
    }

    @Test("the model validator runs once the fields are valid, at the model's location, with the whole input")
    func modelValidator() {
        let input: JSONValue = ["username": "alice", "password": "a", "repeated": "b"]
        #expect(
            issues(Registration.self, input)
                == [["type": "value_error", "loc": ["body"], "msg": "Value error, passwords do not match", "input": input, "ctx": ["error": [:]]]])
    }

    @Test("strict models refuse lax coercions; allowInfNaN: false refuses infinities first")
    func strictness() {
        #expect(
            issues(StrictCounts.self, ["count": "5", "ratio": "inf"])
                == [
                    ["type": "int_type", "loc": ["body", "count"], "msg": "Input should be a valid integer", "input": "5"],
                    ["type": "float_type", "loc": ["body", "ratio"], "msg": "Input should be a valid number", "input": "inf"],
                ])
        #expect(
            issues(Ratios.self, ["finite": "-inf", "any": "nan"])
                == [["type": "finite_number", "loc": ["body", "finite"], "msg": "Input should be a finite number", "input": "-inf"]])
    }

    @Test("a validated model knows the fields it was given; updated(with:) takes only those")
    func fieldsSetAndUpdates() throws {
        let stored = try Profile(validating: ["name": "Ann", "score": 2])
        #expect(stored.fieldKeysSet == ["name", "score"])
        let patch = try Profile(validating: ["bio": nil, "tags": ["x"]])
        let updated = stored.updated(with: patch)
        #expect(JSONValue(updated) == ["name": "Ann", "bio": nil, "score": 2.0, "tags": ["x"], "initials": "A"])
        #expect(updated.fieldKeysSet == ["name", "bio", "score", "tags"])
        // Built in Swift, every field counts as set.
        #expect(Profile(name: "Bo").fieldKeysSet == ["name", "bio", "score", "tags"])
    }

    @Test("output shaping leaves out unset fields, nil fields, or what include and exclude say")
    func shaping() throws {
        let profile = try Profile(validating: ["name": "Ann", "bio": nil])
        func written(_ options: SerializationOptions) -> String {
            var writer = JSONWriter()
            writer.options = options
            profile.writeJSON(to: &writer)
            return writer.string
        }
        #expect(written(SerializationOptions()) == #"{"name":"Ann","bio":null,"score":1.5,"tags":[],"initials":"A"}"#)
        #expect(written(SerializationOptions(excludeUnset: true)) == #"{"name":"Ann","bio":null,"initials":"A"}"#)
        #expect(written(SerializationOptions(excludeNone: true)) == #"{"name":"Ann","score":1.5,"tags":[],"initials":"A"}"#)
        #expect(written(SerializationOptions(include: ["name", "score"])) == #"{"name":"Ann","score":1.5}"#)
        #expect(written(SerializationOptions(exclude: ["tags", "initials"])) == #"{"name":"Ann","bio":null,"score":1.5}"#)
        #expect(
            jsonableEncoder(profile, excludeUnset: true) == ["name": "Ann", "bio": nil, "initials": "A"])
    }

    @Test("a computed field is written after the stored ones and documented read-only in the output schema only")
    func computedInDocument() async throws {
        let app = App()
        app.add(
            Route(.post, "/profiles/", BodyParameter<Profile>("profile"), renderer: .automatic(for: Profile.self)) { $0 })
        let document = app.openAPIJSON
        let schemas = document["components"]?["schemas"]
        #expect(schemas?["Profile-Input"]?["properties"]?["initials"] == nil)
        #expect(schemas?["Profile-Output"]?["properties"]?["initials"] == (["type": "string", "title": "Initials", "readOnly": true] as JSONValue).sortingKeys())
        #expect(schemas?["Profile-Output"]?["required"] == ["initials"])
        #expect(document["paths"]?["/profiles/"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/Profile-Input"])
    }
}
