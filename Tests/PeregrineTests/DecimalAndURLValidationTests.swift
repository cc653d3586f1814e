import Foundation
import Peregrine
import Testing

/// One verdict of pydantic on a decimal or a URL, recorded by `Fixtures/record_pydantic_decimal_url.py`.
struct DecimalURLVerdict: Sendable, CustomTestStringConvertible {
    let target: String
    let input: JSONValue
    /// pydantic's JSON serialization of the value, and the JSON text FastAPI's
    /// `jsonable_encoder` makes of it (nil where it raises).
    let value: JSONValue?
    let jsonableText: String?
    /// The errors as FastAPI's 422 shows them (a decimal bound in `ctx` as a number).
    let errors: JSONValue?
    /// The input was a number Python reads with more digits than a Double holds, or an integer
    /// past 64 bits, which Peregrine's JSON reads as a float.
    let inexactInput: Bool

    var testDescription: String { "\(target) ← \(input)" }

    static let all: [DecimalURLVerdict] = {
        guard let url = Bundle.module.url(forResource: "pydantic_decimal_url", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), case .array(let entries) = try? JSONParser.parse(Array(data))
        else { return [] }
        return entries.compactMap { entry in
            guard case .string(let target) = entry["target"], let input = entry["input"] else { return nil }
            var jsonableText: String?
            if case .string(let text) = entry["jsonable_text"] { jsonableText = text }
            return DecimalURLVerdict(
                target: target, input: input, value: entry["value"], jsonableText: jsonableText,
                errors: entry["fastapi_errors"] ?? entry["errors"],
                inexactInput: entry["input_digits"] != nil || (entry["input_type"] == "int" && !(input.isInteger)))
        }
    }()
}

extension JSONValue {
    fileprivate var isInteger: Bool {
        if case .int = self { return true }
        return false
    }
}

private func decimalURLVerdict(_ target: String, _ input: JSONValue) -> (value: JSONValue?, jsonable: JSONValue?, issues: [ValidationIssue]) {
    var context = ValidationContext()
    func run<T: Validatable & JSONWritable & Encodable>(_ type: T.Type, _ constraints: Constraints = .none) -> (JSONValue?, JSONValue?, [ValidationIssue]) {
        guard let value = T.validate(input, constraints: constraints, in: &context) else { return (nil, nil, context.issues) }
        return (JSONValue(value), jsonableEncoder(value), [])
    }
    switch target {
    case "Decimal": return run(ExactDecimal.self)
    case "Decimal(max_digits=8, decimal_places=2, ge=0)": return run(ExactDecimal.self, Constraints(ge: 0, maxDigits: 8, decimalPlaces: 2))
    case "Decimal(gt=0, lt=100)": return run(ExactDecimal.self, Constraints(gt: 0, lt: 100))
    case "Decimal(multiple_of=0.25)": return run(ExactDecimal.self, Constraints(multipleOf: 0.25))
    case "Decimal(allow_inf_nan=True)": return run(ExactDecimal.self, Constraints(allowInfNaN: true))
    case "HttpUrl": return run(HttpUrl.self)
    case "HttpUrl?": return run(HttpUrl?.self)
    default: return run(AnyURL.self)
    }
}

/// Decimals and URLs validate and serialize exactly as pydantic's do: digits and places counted
/// as pydantic counts them, bounds and multiples, WHATWG URL normalization, and every error.
@Suite("Decimals and URLs match pydantic")
struct DecimalAndURLValidationTests {
    @Test("the recorded verdicts are present")
    func verdictsArePresent() {
        #expect(DecimalURLVerdict.all.count > 1700)
    }

    @Test("same verdict as pydantic", arguments: DecimalURLVerdict.all)
    func sameVerdict(_ verdict: DecimalURLVerdict) throws {
        let (value, jsonable, issues) = decimalURLVerdict(verdict.target, verdict.input)
        if verdict.inexactInput {
            // Documented difference: the number was read with fewer digits than Python keeps,
            // so only the outcome is compared.
            #expect((value == nil) == (verdict.value == nil))
        } else if let expected = verdict.value {
            #expect(issues.isEmpty)
            #expect(value == expected)
            if let text = verdict.jsonableText {
                // Compared as text, where NaN is NaN.
                #expect(jsonable?.description == (try JSONParser.parse(Array(text.utf8))).description)
            }
        } else {
            #expect(value == nil)
            #expect(JSONValue(issues) == verdict.errors)
        }
    }

    @Test("ExactDecimal computes as Python's Decimal: exponents add in products, the smaller wins in sums")
    func arithmetic() throws {
        let price = try #require(ExactDecimal("12.50"))
        #expect((price * ExactDecimal("1.2")!).description == "15.000")
        #expect((price + ExactDecimal("0.005")!).description == "12.505")
        #expect((price - price).description == "0.00")
        #expect((ExactDecimal("1")! * ExactDecimal("0.3333333333333333333333333333333")!).description == "0.3333333333333333333333333333")
        #expect(Decimal(string: "12.5") == price.value)
    }

    @Test("a decimal read into Foundation's Decimal is the one Foundation reads from the same text")
    func foundationDecimal() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0.001", "-0.10", "12.50", "1E+2", "-1E-7", "100", "18446744073709551615", "9999999999999999999",
                     "1E+127", "10E+126", "47016498451110E+127", "-9000000000000000000E+127", "1E-128", "123456789012345678901234567890", "0.000"]
        for _ in 0..<500 {
            let digits = String((0..<Int.random(in: 1...19, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            let exponent = Int.random(in: -128...127, using: &generator)
            texts.append((Bool.random(using: &generator) ? "-" : "") + digits + "E" + String(exponent))
        }
        for text in texts {
            let value = try #require(ExactDecimal(text)).value
            let foundation = try #require(Decimal(string: text))
            guard !foundation.isNaN else { continue }  // beyond Foundation's range
            #expect(value == foundation, "\(text)")
            #expect(value.description == foundation.description, "\(text)")
        }
    }
}
