import Peregrine

// `porting_app.py`, "streaming: Server-Sent Events and JSON Lines from generator endpoints".

@Model
struct Tick {
    var n: Int
    var square: Int
}

@Routes
struct Streaming {
    @GET("/ticks/", responseClass: EventSourceResponse.self)
    func ticks(@Query(ge: 1, le: 20) count: Int = 3) -> ItemStream<Tick> {
        ItemStream { yield in
            for n in 0..<count { try await yield(Tick(n: n, square: n * n)) }
        }
    }

    @GET("/events/", responseClass: EventSourceResponse.self)
    func events() -> ItemStream<ServerSentEvent> {
        ItemStream { yield in
            try await yield(ServerSentEvent(data: "hello", event: "greeting", id: "1"))
            try await yield(ServerSentEvent(data: ["a": 1], event: "json", id: "2", retry: 1500))
            try await yield(ServerSentEvent(comment: "just a comment"))
        }
    }

    @GET("/lines/")
    func lines(@Query(ge: 0, le: 20) count: Int = 3) -> ItemStream<Tick> {
        ItemStream { yield in
            for n in 0..<count { try await yield(Tick(n: n, square: n * n)) }
        }
    }
}
