import Foundation
import Peregrine
import Testing

enum TableKind: String, CaseIterable, ParameterValue {
    case alexnet, resnet, lenet
}

/// One verdict of pydantic, recorded by `Fixtures/record_pydantic.py`.
struct PydanticVerdict: Sendable, CustomTestStringConvertible {
    let target: String
    let input: JSONValue
    let value: JSONValue?
    let errors: JSONValue?
    /// An integer pydantic handles and Swift's 64-bit `Int` cannot hold.
    let beyondInt64: Bool

    var testDescription: String { "\(target) ← \(input)" }

    static let all: [PydanticVerdict] = {
        guard let url = Bundle.module.url(forResource: "pydantic_scalars", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), case .array(let entries) = try? JSONParser.parse(Array(data))
        else { return [] }
        return entries.compactMap { entry in
            guard case .string(let target) = entry["target"], let input = entry["input"] else { return nil }
            return PydanticVerdict(
                target: target, input: input, value: entry["value"], errors: entry["errors"],
                beyondInt64: entry["beyond_int64"] == true)
        }
    }()
}

/// Validates `input` as the Swift counterpart of a pydantic target and returns pydantic's view of
/// the outcome: the value as JSON, or the issues as JSON.
func swiftVerdict(target: String, input: JSONValue) -> (value: JSONValue?, errors: JSONValue?) {
    var context = ValidationContext()
    func run<T: Validatable & JSONWritable>(_ type: T.Type, _ constraints: Constraints = .none) -> (JSONValue?, JSONValue?) {
        if let value = T.validate(input, constraints: constraints, in: &context) { return (JSONValue(value), nil) }
        return (nil, JSONValue(context.issues))
    }
    switch target {
    case "String": return run(String.self)
    case "Int": return run(Int.self)
    case "Double": return run(Double.self)
    case "Bool": return run(Bool.self)
    case "UUID": return run(UUID.self)
    case "ModelName": return run(TableKind.self)
    case "[Int]": return run([Int].self)
    case "Int?": return run(Int?.self)
    case "[String: Int]": return run([String: Int].self)
    case "String(minLength: 3, maxLength: 5, pattern: ^[a-z]+$)":
        return run(String.self, Constraints(minLength: 3, maxLength: 5, pattern: "^[a-z]+$"))
    case "String?(minLength: 1)": return run(String?.self, Constraints(minLength: 1))
    case "Double(gt: 0, lt: 10.5)": return run(Double.self, Constraints(gt: 0, lt: 10.5))
    case "Double(ge: 1, le: 10)": return run(Double.self, Constraints(ge: 1, le: 10))
    case "Int(ge: 1, le: 1000)": return run(Int.self, Constraints(ge: 1, le: 1000))
    case "Int(gt: 0, lt: 10)": return run(Int.self, Constraints(gt: 0, lt: 10))
    case "[Int](minLength: 1, maxLength: 2)": return run([Int].self, Constraints(minLength: 1, maxLength: 2))
    default: return (nil, ["unknown target \(target)"])
    }
}

/// Scalars, collections and constraints validate exactly as pydantic does: same coercions, same
/// error types, messages, inputs and contexts. The verdicts come from pydantic itself.
@Suite("Validation matches pydantic")
struct ValidationTableTests {
    @Test("the recorded verdicts are present")
    func verdictsArePresent() {
        #expect(PydanticVerdict.all.count > 1500)
    }

    @Test("same verdict as pydantic", arguments: PydanticVerdict.all)
    func sameVerdict(_ verdict: PydanticVerdict) {
        let (value, errors) = swiftVerdict(target: verdict.target, input: verdict.input)
        if verdict.beyondInt64 {
            // Documented difference: an integer beyond 64 bits is refused as too large.
            #expect(value == nil)
            #expect(errors?[0]?["type"] == "int_parsing_size")
        } else if ["Double", "Float"].contains(verdict.target), verdict.value?.description == "null" {
            // Documented difference: pydantic takes inf and NaN by default, which JSON cannot
            // carry back out; Peregrine refuses them as pydantic does with allow_inf_nan=False.
            #expect(value == nil)
            #expect(errors?[0]?["type"] == "finite_number")
        } else if let expected = verdict.value {
            #expect(errors == nil)
            // Compared as JSON text, where NaN and infinities are written as FastAPI writes them.
            #expect(value.map(sortingKeys)?.description == sortingKeys(expected).description)
        } else {
            #expect(value == nil)
            #expect(errors == verdict.errors)
        }
    }
}

/// The value with object members in key order: Swift dictionaries do not keep pydantic's order.
func sortingKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let object):
        var sorted = JSONObject()
        for key in object.keys.sorted() { sorted[key] = sortingKeys(object[key]!) }
        return .object(sorted)
    case .array(let items):
        return .array(items.map(sortingKeys))
    default:
        return value
    }
}
