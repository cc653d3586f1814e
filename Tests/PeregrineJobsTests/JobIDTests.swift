import Foundation
import Testing

@testable import PeregrineJobs

@Suite struct JobIDTests {
    @Test func anIDIsALowercaseVersion7UUIDStartingWithItsMillisecond() throws {
        // 2026-12-08 00:00:00.123 UTC
        let text = JobID.makeUUIDText(milliseconds: 1_796_688_000_123)
        #expect(text.count == 36)
        #expect(text.hasPrefix("01a252f3-347b-7"))
        let uuid = try #require(UUID(uuidString: text))
        #expect(uuid.uuidString.lowercased() == text)
        let variant = text[text.index(text.startIndex, offsetBy: 19)]
        #expect("89ab".contains(variant))
        #expect(JobID(text)?.rawValue == text)
        #expect(JobID("not-an-id") == nil)
    }

    @Test func idsMadeInOneMillisecondShareTheirTimeAndDifferInTheirRandomBits() {
        let ids = (0..<1000).map { _ in JobID.makeUUIDText(milliseconds: 42) }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("00000000-002a-7") })
        // 74 random bits: no two ids share the rest either.
        #expect(Set(ids.map { $0.dropFirst(15) }).count == 1000)
    }

    @Test func laterIDsSortAfterEarlierOnes() {
        let earlier = JobID.makeUUIDText(milliseconds: 1_796_688_000_123)
        let later = JobID.makeUUIDText(milliseconds: 1_796_688_000_124)
        #expect(earlier < later)
        let now = JobID()
        #expect(String(now.rawValue.prefix(14)) >= String(earlier.prefix(14)))
    }
}
