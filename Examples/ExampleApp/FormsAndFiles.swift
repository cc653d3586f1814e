import Peregrine

/// Forms and uploads: text fields validated like query parameters, files as bytes or as
/// ``UploadFile`` (spooled to disk past 1 MiB, so large uploads never sit in memory).
@Routes
struct FormsAndFiles {
    @POST("/login/")
    func login(@Form username: String, @Form(minLength: 3) password: String) -> JSONValue {
        ["username": .string(username)]
    }

    @POST("/files/")
    func createFile(@File file: [UInt8]) -> JSONValue {
        ["file_size": .int(file.count)]
    }

    @POST("/uploadfile/")
    func createUploadFile(file: UploadFile) async throws -> JSONValue {
        let content = try await file.read()
        return ["filename": JSONValue(file.filename), "content_type": JSONValue(file.contentType), "size": .int(content.count)]
    }

    /// Several files under one field, streamed chunk by chunk rather than read whole.
    @POST("/uploadfiles/")
    func createUploadFiles(files: [UploadFile], @Form note: String = "") async throws -> JSONValue {
        var described: [JSONValue] = []
        for file in files {
            var size = 0
            for try await chunk in file.chunks() { size += chunk.readableBytes }
            described.append(["filename": JSONValue(file.filename), "size": .int(size)])
        }
        return ["files": .array(described), "note": .string(note)]
    }
}
