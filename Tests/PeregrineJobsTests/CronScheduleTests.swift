import Foundation
import Testing

@testable import PeregrineJobs

@Suite struct CronScheduleTests {
    /// 2026-12-07 21:30:15 UTC, a Monday.
    let monday = Date(timeIntervalSince1970: 1_797_024_615)

    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test func fiveFieldsFireOnTheMinute() throws {
        #expect(try CronSchedule("* * * * *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-07T21:31:00Z"))
        #expect(try CronSchedule("*/15 * * * *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-07T21:45:00Z"))
        #expect(try CronSchedule("0 9 * * *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-08T09:00:00Z"))
        #expect(try CronSchedule("@hourly").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-07T22:00:00Z"))
        #expect(try CronSchedule("0 0 1 jan *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2027-01-01T00:00:00Z"))
    }

    @Test func aSecondsFieldFiresWithinTheMinute() throws {
        let everyFive = try CronSchedule("*/5 * * * * *")
        #expect(everyFive.next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-07T21:30:20Z"))
        #expect(everyFive.next(after: utc("2026-12-07T21:30:59Z")) == utc("2026-12-07T21:31:00Z"))
        #expect(try CronSchedule("30 0 12 * * *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-08T12:00:30Z"))
    }

    @Test func weekdaysRangesListsAndTheEitherRuleForDays() throws {
        // Fridays at 17:00: 2026-12-07 is a Monday.
        #expect(try CronSchedule("0 17 * * fri").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-11T17:00:00Z"))
        // Sunday is 0 and 7.
        #expect(try CronSchedule("0 0 * * 7").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-13T00:00:00Z"))
        #expect(try CronSchedule("0 8-10/2,23 * * *").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-07T23:00:00Z"))
        // Day of month 15 or any Wednesday, whichever comes first.
        #expect(try CronSchedule("0 0 15 * wed").next(after: utc("2026-12-07T21:30:15Z")) == utc("2026-12-09T00:00:00Z"))
        // February 31st never comes.
        #expect(try CronSchedule("0 0 31 2 *").next(after: utc("2026-12-07T21:30:15Z")) == nil)
    }

    @Test func thePreviousFireWithinAWindow() throws {
        let schedule = try CronSchedule("*/10 * * * *")
        #expect(schedule.previous(atOrBefore: utc("2026-12-07T21:30:15Z"), within: .seconds(60)) == utc("2026-12-07T21:30:00Z"))
        #expect(schedule.previous(atOrBefore: utc("2026-12-07T21:30:00Z"), within: .seconds(60)) == utc("2026-12-07T21:30:00Z"))
        #expect(schedule.previous(atOrBefore: utc("2026-12-07T21:35:00Z"), within: .seconds(60)) == nil)
    }

    @Test func mistakesAreNamed() {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule("* * * *") }
        #expect {
            try CronSchedule("61 * * * *")
        } throws: { error in
            (error as? CronSchedule.ParseError)?.description == "'61' is not a valid minute (0-59)"
        }
        #expect {
            try CronSchedule("*/0 * * * *")
        } throws: { error in
            (error as? CronSchedule.ParseError)?.description == "'0' is not a valid step for the minute"
        }
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule("5-1 * * * *") }
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule("* * * foo *") }
    }

    @Test func backoffIsExponentialWithFullJitterUnderItsCap() {
        let backoff = Backoff.exponential(base: .seconds(2), cap: .seconds(60))
        #expect(backoff.delay(afterFailures: 1, random: 0.999_999) <= .seconds(2))
        #expect(backoff.delay(afterFailures: 3, random: 0.5) == .seconds(4))
        #expect(backoff.delay(afterFailures: 30, random: 0.5) == .seconds(30))
        #expect(backoff.delay(afterFailures: 1, random: 0) == .zero)
        #expect(Backoff.constant(.milliseconds(5)).delay(afterFailures: 9) == .milliseconds(5))
    }
}
