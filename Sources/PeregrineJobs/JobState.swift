import Peregrine

/// Where a job is in its life.
///
/// `available` (due at its `run_at`, which may be in the future: scheduled) → `running` →
/// `succeeded`, or `available` again (a retry after a failure, a snooze, a release at shutdown,
/// a rescue after its worker was lost), or `discarded` once its attempts are spent. `cancelled`
/// comes from `available`, or from `running` once the worker has seen the request.
public enum JobState: String, CaseIterable, Sendable, Codable, ParameterValue {
    case available
    case running
    case succeeded
    case discarded
    case cancelled

    /// Whether the job will not run again.
    public var isFinal: Bool { self == .succeeded || self == .discarded || self == .cancelled }
}
