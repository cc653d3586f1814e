import Foundation
import Peregrine

/// The app's lifespan, its shared state, the request object and WebSockets.
@Routes
struct AppLifecycle {
    /// What the lifespan set up, read through the app's state.
    @GET("/state/")
    func readState(state: AppState) -> JSONValue {
        ["model": JSONValue(state["model", as: String.self]), "started": .bool(state["started_at", as: Date.self] != nil)]
    }

    /// FastAPI's "using the Request directly": the client's address beside a typed parameter.
    @GET("/request-info/{item_id}")
    func requestInfo(item_id: String, connection: HTTPConnection) -> JSONValue {
        [
            "item_id": .string(item_id), "method": .string(connection.method.rawValue), "url": .string(connection.url),
            "client_host": JSONValue(connection.client?.host),
        ]
    }

    /// FastAPI's WebSocket chat example: every message is echoed back.
    @WebSocketRoute("/ws")
    func chat(websocket: WebSocket) async throws {
        try await websocket.accept()
        for try await text in websocket.texts() {
            try await websocket.sendText("Message text was: \(text)")
        }
    }

    /// Path, query and a dependency on a WebSocket endpoint.
    @WebSocketRoute("/items/{item_id}/ws")
    func itemSocket(websocket: WebSocket, item_id: String, q: Int? = nil) async throws {
        try await websocket.accept()
        for try await text in websocket.texts() {
            if let q { try await websocket.sendText("Query parameter q is: \(q)") }
            try await websocket.sendText("Message text was: \(text), for item ID: \(item_id)")
        }
    }

    /// Sets up the app's state before the server starts and clears it after the last request.
    static func lifespan(_ lifespan: Lifespan) async {
        lifespan.state["model"] = "answer-to-everything"
        lifespan.state["started_at"] = Date()
        await lifespan.serve()
        lifespan.state["model"] = nil
    }
}
