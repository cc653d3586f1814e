import Foundation
import Peregrine
import Testing

/// One verdict of pydantic on a date, time, datetime or duration, recorded by
/// `Fixtures/record_pydantic_temporal.py`.
struct TemporalVerdict: Sendable, CustomTestStringConvertible {
    let target: String
    let input: JSONValue
    /// pydantic's JSON serialization of the value, and `jsonable_encoder`'s.
    let value: JSONValue?
    let jsonable: JSONValue?
    let errors: JSONValue?
    let beyondInt64: Bool
    /// pydantic raised something other than a validation error (an `OverflowError`).
    let exception: Bool

    var testDescription: String { "\(target) ← \(input)" }

    static let all: [TemporalVerdict] = {
        guard let url = Bundle.module.url(forResource: "pydantic_temporal", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), case .array(let entries) = try? JSONParser.parse(Array(data))
        else { return [] }
        return entries.compactMap { entry in
            guard case .string(let target) = entry["target"], let input = entry["input"] else { return nil }
            return TemporalVerdict(
                target: target, input: input, value: entry["value"], jsonable: entry["jsonable"], errors: entry["errors"],
                beyondInt64: entry["beyond_int64"] == true, exception: entry["exception"] != nil)
        }
    }()
}

/// The outcome of validating `input` as the Swift type standing for `target`: pydantic's
/// serialization and `jsonableEncoder`'s form of the value, or the issues.
private func temporalVerdict(_ target: String, _ input: JSONValue) -> (value: JSONValue?, jsonable: JSONValue?, errors: [ValidationIssue]) {
    var context = ValidationContext()
    func run<T: Validatable & JSONWritable & Encodable>(_ type: T.Type) -> (JSONValue?, JSONValue?, [ValidationIssue]) {
        guard let value = T.validate(input, constraints: .none, in: &context) else { return (nil, nil, context.issues) }
        return (JSONValue(value), jsonableEncoder(value), [])
    }
    switch target {
    case "datetime": return run(DateTime.self)
    case "datetime?": return run(DateTime?.self)
    case "date": return run(CalendarDate.self)
    case "time": return run(TimeOfDay.self)
    default: return run(TimeDelta.self)
    }
}

/// Dates, times, datetimes and durations validate and serialize exactly as pydantic's do:
/// offsets and naive values kept, leap days, fractions beyond microseconds, ISO 8601 durations,
/// Unix timestamps, and every error's type, message and context.
@Suite("Dates, times and durations match pydantic")
struct TemporalValidationTests {
    @Test("the recorded verdicts are present")
    func verdictsArePresent() {
        #expect(TemporalVerdict.all.count > 2000)
    }

    @Test("same verdict as pydantic", arguments: TemporalVerdict.all)
    func sameVerdict(_ verdict: TemporalVerdict) {
        let (value, jsonable, issues) = temporalVerdict(verdict.target, verdict.input)
        if verdict.exception {
            // pydantic overflows (a 500 in FastAPI) below timedelta.min; Peregrine refuses the value.
            #expect(value == nil)
            #expect(issues.first?.type == "time_delta_parsing")
        } else if let expected = verdict.value {
            #expect(issues.isEmpty)
            #expect(value == expected)
            #expect(jsonable.map(sortingKeys) == verdict.jsonable.map(sortingKeys))
        } else if verdict.beyondInt64 {
            // The input is a JSON integer past 64 bits, which Peregrine reads as a float; the
            // echoed input differs in kind, the verdict does not.
            let expected = verdict.errors?[0]
            #expect(issues.first.map { JSONValue.string($0.type) } == expected?["type"])
            #expect(issues.first.map { JSONValue.string($0.message) } == expected?["msg"])
        } else {
            #expect(value == nil)
            #expect(JSONValue(issues) == verdict.errors)
        }
    }

    @Test("Foundation's Date validates as an instant and is written in UTC")
    func foundationDate() throws {
        let date = try Date(validating: "2026-12-01T10:00:00.5+02:00")
        #expect(date == Date(timeIntervalSince1970: 1_796_112_000.5))
        #expect(JSONValue(date) == "2026-12-01T08:00:00.500000Z")
        #expect(jsonableEncoder(date) == "2026-12-01T08:00:00.500000+00:00")
        // A naive value has no offset; an instant reads it as UTC.
        let naive = try Date(validating: "2026-12-01 10:00")
        #expect(naive == Date(timeIntervalSince1970: 1_796_119_200))
    }

    @Test("arithmetic keeps Python's rules: offsets kept, durations normalized, weekdays from Monday")
    func arithmetic() throws {
        let start = try DateTime(validating: "2026-12-01T10:00:00+02:00")
        let later = start + TimeDelta(minutes: 90)
        #expect(JSONValue(later) == "2026-12-01T11:30:00+02:00")
        #expect(try CalendarDate(validating: "2024-02-29").isoWeekday == 4)
        #expect(JSONValue(-TimeDelta(days: 1, hours: 2)) == "-P1DT2H")
        #expect(TimeDelta(seconds: 5400).totalSeconds == 5400)
    }
}
