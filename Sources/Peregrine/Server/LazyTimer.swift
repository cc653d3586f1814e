import NIOCore

/// One scheduled task on an event loop, moved only when asked for an earlier deadline: the
/// request path can re-arm it on every event for the price of a comparison, and the task, when
/// it fires, decides whether its deadline has really passed or moved later.
struct LazyTimer {
    private var scheduled: Scheduled<Void>?
    private var deadline: NIODeadline?

    /// Makes sure the closure `makeFire` returns runs by `deadline`; a task already due earlier
    /// is kept. The closure is made only when a task is scheduled: most calls keep the task, and
    /// would otherwise allocate a closure for nothing.
    mutating func arm(at deadline: NIODeadline, on loop: any EventLoop, _ makeFire: () -> () -> Void) {
        if let current = self.deadline, current <= deadline { return }
        reschedule(at: deadline, on: loop, makeFire())
    }

    /// Runs `fire` at `deadline`, whatever was scheduled before.
    mutating func reschedule(at deadline: NIODeadline, on loop: any EventLoop, _ fire: @escaping () -> Void) {
        scheduled?.cancel()
        self.deadline = deadline
        scheduled = loop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline, fire)
    }

    /// The task ran: the next arm schedules anew.
    mutating func fired() {
        scheduled = nil
        deadline = nil
    }

    mutating func cancel() {
        scheduled?.cancel()
        fired()
    }
}
