/// Work a request must finish before its response may leave: durable jobs committed to their
/// store, for instance, so that a 2xx never leaves for a job that does not exist.
///
/// A request holds at most one gate of each type, made on first use by
/// ``RequestInput/gate(_:)`` and shared by the request's dependencies and endpoint. Once the
/// endpoint has returned, and before the scoped dependencies' cleanups and the response, each
/// gate's ``passResponse()`` is awaited in the order the gates were made. An error it throws
/// takes the place of the response, exactly as if the endpoint had thrown it: cleanups see it,
/// exception handlers answer it, and the request's background tasks do not run.
public protocol ResponseGate: AnyObject, Sendable {
    /// Finishes the work the response waits on, or throws what the response becomes instead
    /// (an ``HTTPException`` for a status and a `detail`).
    func passResponse() async throws
}

extension RequestInput {
    /// The request's gate of type `Gate`: the one made earlier in this request, or a new one
    /// from `make`, which the response will then wait on.
    public mutating func gate<Gate: ResponseGate>(_ make: () -> Gate) -> Gate {
        for gate in effects.gates {
            if let gate = gate as? Gate { return gate }
        }
        let gate = make()
        effects.gates.append(gate)
        return gate
    }
}
