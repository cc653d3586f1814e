/// How jobs of one type are run: their queue, their attempts, how long one may take, how long
/// a failed one waits, and their priority.
public struct JobOptions: Sendable {
    /// The queue jobs of the type go to, each queue with its own workers (``JobQueueConfiguration``).
    public var queue: String
    /// How many failed attempts a job may have before it is discarded.
    public var maxAttempts: Int
    /// How long one attempt may run before its task is cancelled and the attempt fails with a
    /// timeout; nil lets it run as long as it takes (its lease is renewed meanwhile).
    public var timeout: Duration?
    /// How long a failed job waits before its next attempt.
    public var backoff: Backoff
    /// Jobs with a higher priority are claimed first; within a priority, the earliest due first.
    public var priority: Int

    public init(
        queue: String = "default", maxAttempts: Int = 20, timeout: Duration? = .seconds(300),
        backoff: Backoff = .exponential(), priority: Int = 0
    ) {
        precondition(maxAttempts >= 1, "a job needs at least one attempt")
        self.queue = queue
        self.maxAttempts = maxAttempts
        self.timeout = timeout
        self.backoff = backoff
        self.priority = priority
    }
}

/// How long a failed job waits before it is tried again.
public struct Backoff: Sendable {
    /// The wait before the attempt after `failures` failures (1 for the first), drawn with
    /// `random`, a number in [0, 1).
    let delay: @Sendable (_ failures: Int, _ random: Double) -> Duration

    /// Exponential backoff with full jitter: after the n-th failure, a wait drawn evenly from
    /// [0, min(cap, base · 2^(n-1))], so that jobs failing together do not retry together.
    public static func exponential(base: Duration = .seconds(1), cap: Duration = .seconds(3600)) -> Backoff {
        Backoff { failures, random in
            let exponent = min(max(failures - 1, 0), 62)
            let ceiling = min(base.seconds * Double(UInt64(1) << UInt64(exponent)), cap.seconds)
            return .seconds(ceiling * random)
        }
    }

    /// The same wait after every failure.
    public static func constant(_ delay: Duration) -> Backoff {
        Backoff { _, _ in delay }
    }

    /// A backoff computed by `delay` from the number of failures so far.
    public static func custom(_ delay: @escaping @Sendable (_ failures: Int) -> Duration) -> Backoff {
        Backoff { failures, _ in delay(failures) }
    }

    /// The wait after `failures` failures.
    public func delay(afterFailures failures: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        delay(failures, random)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
