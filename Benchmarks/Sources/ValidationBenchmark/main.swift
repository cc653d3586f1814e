import Foundation
import Peregrine

// How much pydantic's date, time and decimal rules cost against plain strings: the same booking
// validated as a model of two datetimes and a decimal, and as a model of three strings, from the
// same parsed JSON, in one process, alternating, best of several rounds.
//
//     swift run -c release ValidationBenchmark [iterations] [only this model, for a profiler]

@Model
struct TypedBooking {
    var start: DateTime
    var end: DateTime
    @Field(ge: 0, maxDigits: 8, decimalPlaces: 2) var price: ExactDecimal
}

/// The acceptance's model: two datetimes and a decimal, without constraints.
@Model
struct PlainTypedBooking {
    var start: DateTime
    var end: DateTime
    var price: ExactDecimal
}

@Model
struct PlainFoundationBooking {
    var start: Date
    var end: Date
    var price: Decimal
}

@Model
struct TextBooking {
    var start: String
    var end: String
    var price: String
}

@Model
struct FoundationBooking {
    var start: Date
    var end: Date
    @Field(ge: 0, maxDigits: 8, decimalPlaces: 2) var price: Decimal
}

@Model
struct DatesOnly {
    var start: DateTime
    var end: DateTime
    var price: String
}

@Model
struct DecimalOnly {
    var start: String
    var end: String
    @Field(ge: 0, maxDigits: 8, decimalPlaces: 2) var price: ExactDecimal
}

@Model
struct PlainDecimal {
    var start: String
    var end: String
    var price: ExactDecimal
}

let input: JSONValue = ["start": "2026-12-01T10:00:00+02:00", "end": "2026-12-02T09:30:00.250000Z", "price": "12.50"]
let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000

func measure<Model: Validatable>(_ type: Model.Type) -> Double {
    let clock = ContinuousClock()
    var kept = 0
    let elapsed = clock.measure {
        for _ in 0..<iterations {
            var context = ValidationContext()
            if Model.validate(input, in: &context) != nil { kept &+= 1 }
        }
    }
    precondition(kept == iterations, "\(Model.self) did not validate")
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds / Double(iterations) * 1e9
}

// Each round measures every model back to back, so a round's ratios share the machine's state of
// the moment; the median of the rounds' ratios is the figure, robust to a noisy neighbour.
let only = CommandLine.arguments.dropFirst(2).first
let rounds = 15
let names = ["strings", "DateTime and ExactDecimal, no constraints", "Date and Decimal, no constraints", "DateTime and ExactDecimal", "Date and Decimal", "dates only", "decimal only", "decimal, no constraints"]
let runs: [String: () -> Double] = [
    "strings": { measure(TextBooking.self) }, "DateTime and ExactDecimal, no constraints": { measure(PlainTypedBooking.self) },
    "Date and Decimal, no constraints": { measure(PlainFoundationBooking.self) }, "DateTime and ExactDecimal": { measure(TypedBooking.self) },
    "Date and Decimal": { measure(FoundationBooking.self) }, "dates only": { measure(DatesOnly.self) },
    "decimal only": { measure(DecimalOnly.self) }, "decimal, no constraints": { measure(PlainDecimal.self) },
]
var best: [String: Double] = [:]
var ratios: [String: [Double]] = [:]
for _ in 0..<rounds {
    var round: [String: Double] = [:]
    for name in names where only == nil || only == name || name == "strings" {
        round[name] = runs[name]!()
        best[name] = min(best[name] ?? .infinity, round[name]!)
    }
    for (name, time) in round { ratios[name, default: []].append(time / round["strings"]!) }
}
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
print("ns per validation (best of \(rounds) rounds of \(iterations)), and the median of the rounds' ratios to strings:")
for name in names where best[name] != nil {
    print(String(format: "  %-28@ %7.1f ns  %.2f×", name as NSString, best[name]!, median(ratios[name]!)))
}
