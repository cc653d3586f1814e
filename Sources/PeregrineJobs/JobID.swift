import Foundation

/// A job's identifier: a random UUID, given to the job when it is enqueued (before it is
/// committed), so an endpoint can answer with it at once. Random, so that one id tells nothing
/// about the others: status URLs cannot be enumerated.
public struct JobID: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String

    public init() { rawValue = UUID().uuidString.lowercased() }

    /// The id written `description`, if it is a UUID.
    public init?(_ description: String) {
        guard let uuid = UUID(uuidString: description) else { return nil }
        rawValue = uuid.uuidString.lowercased()
    }

    init(stored: String) { rawValue = stored }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
