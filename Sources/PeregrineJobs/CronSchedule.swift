import Foundation

/// When a periodic job is due: a cron expression, read in UTC.
///
/// Five fields, `minute hour day-of-month month day-of-week`, or six with a leading `second`
/// field. Each field is `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated
/// list of those; months and weekdays also take their English three-letter names, and weekday 7
/// is Sunday as 0 is. As in Vixie cron, when both day-of-month and day-of-week are restricted a
/// day matches if either does. `@hourly`, `@daily`, `@weekly`, `@monthly` and `@yearly` are
/// accepted too.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let description: String
    private let seconds: Set<Int>
    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let days: Set<Int>
    private let months: Set<Int>
    private let weekdays: Set<Int>
    private let daysRestricted: Bool
    private let weekdaysRestricted: Bool

    /// A cron expression that cannot be read.
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ expression: String) throws {
        let aliases = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let expanded = aliases[expression.trimmingCharacters(in: .whitespaces).lowercased()] ?? expression
        var fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 || fields.count == 6 else {
            throw ParseError(description: "a cron expression has 5 or 6 fields, '\(expression)' has \(fields.count)")
        }
        if fields.count == 5 { fields.insert("0", at: 0) }
        description = expression
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        seconds = try Self.field(fields[0], "second", 0...59)
        minutes = try Self.field(fields[1], "minute", 0...59)
        hours = try Self.field(fields[2], "hour", 0...23)
        days = try Self.field(fields[3], "day of month", 1...31)
        months = try Self.field(fields[4], "month", 1...12, names: monthNames, firstNameValue: 1)
        // 7 is Sunday too.
        weekdays = Set(try Self.field(fields[5], "day of week", 0...7, names: dayNames, firstNameValue: 0).map { $0 % 7 })
        daysRestricted = fields[3] != "*" && fields[3] != "?"
        weekdaysRestricted = fields[5] != "*" && fields[5] != "?"
    }

    private static func field(
        _ text: String, _ name: String, _ range: ClosedRange<Int>, names: [String] = [], firstNameValue: Int = 0
    ) throws -> Set<Int> {
        func value(_ token: Substring) throws -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let index = names.firstIndex(of: token.lowercased()) { return index + firstNameValue }
            throw ParseError(description: "'\(token)' is not a valid \(name) (\(range.lowerBound)-\(range.upperBound))")
        }
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw ParseError(description: "'\(part)' is not a valid \(name) field") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else {
                    throw ParseError(description: "'\(pieces[1])' is not a valid step for the \(name)")
                }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try value(pieces[0][..<dash]), high = try value(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else { throw ParseError(description: "the \(name) range '\(pieces[0])' is empty") }
                bounds = low...high
            } else {
                let single = try value(pieces[0])
                bounds = single...(pieces.count == 2 ? range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private func matchesDay(_ components: DateComponents) -> Bool {
        let dayMatches = days.contains(components.day!)
        let weekdayMatches = weekdays.contains(components.weekday! - 1)
        if daysRestricted && weekdaysRestricted { return dayMatches || weekdayMatches }
        return dayMatches && weekdayMatches
    }

    /// The first time after `date` (strictly) the schedule fires; nil when it never does within
    /// eight years (a 31st of February).
    public func next(after date: Date) -> Date? {
        let calendar = Self.utc
        var current = Date(timeIntervalSince1970: (date.timeIntervalSince1970 + 1).rounded(.down))
        let limit = date.addingTimeInterval(8 * 366 * 86_400)
        while current < limit {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: current)
            if !months.contains(c.month!) {
                current = calendar.date(from: DateComponents(year: c.year, month: c.month! + 1, day: 1))!
            } else if !matchesDay(c) {
                current = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day! + 1))!
            } else if !hours.contains(c.hour!) {
                current = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: c.hour! + 1))!
            } else if !minutes.contains(c.minute!) {
                current = calendar.date(
                    from: DateComponents(year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute! + 1))!
            } else if !seconds.contains(c.second!) {
                current = current.addingTimeInterval(1)
            } else {
                return current
            }
        }
        return nil
    }

    /// The last time at or before `date` the schedule fired, looking back at most `window`.
    public func previous(atOrBefore date: Date, within window: Duration) -> Date? {
        let start = date.addingTimeInterval(-window.seconds - 1)
        var candidate = next(after: start)
        var last: Date?
        while let fire = candidate, fire <= date {
            last = fire
            candidate = next(after: fire)
        }
        return last
    }
}
