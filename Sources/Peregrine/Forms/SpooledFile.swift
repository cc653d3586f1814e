#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import Synchronization

/// Bytes kept in memory up to a threshold and in a temporary file past it: Python's
/// `SpooledTemporaryFile`, which Starlette stores uploads in.
///
/// The temporary file is unlinked as soon as it is created, so it never outlives the process, even
/// after a crash; its storage is freed when the last reference to the spool goes away. File I/O runs
/// on NIO's blocking-I/O thread pool, never on an event loop.
final class SpooledFile: Sendable {
    private enum Storage {
        case memory([UInt8])
        case disk(descriptor: CInt)
    }

    private struct State {
        var storage: Storage = .memory([])
        var size = 0
    }

    private let threshold: Int
    private let directory: String
    private let state = Mutex(State())

    init(threshold: Int, directory: String) {
        self.threshold = threshold
        self.directory = directory
    }

    init(bytes: [UInt8]) {
        self.threshold = .max
        self.directory = ""
        state.withLock { $0 = State(storage: .memory(bytes), size: bytes.count) }
    }

    deinit {
        if case .disk(let descriptor) = state.withLock({ $0.storage }) { close(descriptor) }
    }

    /// The number of bytes written.
    var size: Int { state.withLock { $0.size } }

    /// Whether the bytes are still in memory.
    var isInMemory: Bool {
        if case .memory = state.withLock({ $0.storage }) { return true }
        return false
    }

    /// Appends `bytes`, moving everything to a temporary file once the total passes the threshold.
    /// Calls must not overlap; the form reader appends one chunk at a time.
    func append(_ bytes: ByteBuffer) async throws {
        guard bytes.readableBytes > 0 else { return }
        enum Next { case done, spill([UInt8]), write(CInt, offset: Int) }
        let next: Next = state.withLock { state in
            switch state.storage {
            case .memory(var memory):
                if state.size + bytes.readableBytes <= threshold {
                    state.storage = .memory([])  // keep the array uniquely referenced while appending
                    memory.append(contentsOf: bytes.readableBytesView)
                    state.storage = .memory(memory)
                    state.size += bytes.readableBytes
                    return .done
                }
                return .spill(memory)
            case .disk(let descriptor):
                return .write(descriptor, offset: state.size)
            }
        }
        switch next {
        case .done:
            return
        case .spill(let memory):
            let directory = self.directory
            let descriptor = try await NIOThreadPool.singleton.runIfActive {
                let descriptor = try Self.makeTemporaryFile(in: directory)
                do {
                    try memory.withUnsafeBytes { try Self.write($0, to: descriptor, at: 0) }
                    try bytes.withUnsafeReadableBytes { try Self.write($0, to: descriptor, at: memory.count) }
                } catch {
                    close(descriptor)
                    throw error
                }
                return descriptor
            }
            state.withLock { state in
                state.storage = .disk(descriptor: descriptor)
                state.size += bytes.readableBytes
            }
        case .write(let descriptor, let offset):
            try await NIOThreadPool.singleton.runIfActive {
                try bytes.withUnsafeReadableBytes { try Self.write($0, to: descriptor, at: offset) }
            }
            state.withLock { $0.size += bytes.readableBytes }
        }
    }

    /// Up to `count` bytes starting at `offset`.
    func read(at offset: Int, count: Int) async throws -> [UInt8] {
        let snapshot = state.withLock { $0 }
        let available = max(0, min(count, snapshot.size - offset))
        guard available > 0 else { return [] }
        switch snapshot.storage {
        case .memory(let memory):
            return Array(memory[offset..<offset + available])
        case .disk(let descriptor):
            return try await NIOThreadPool.singleton.runIfActive {
                try [UInt8](unsafeUninitializedCapacity: available) { buffer, initialized in
                    var done = 0
                    while done < available {
                        let result = pread(descriptor, buffer.baseAddress! + done, available - done, off_t(offset + done))
                        if result < 0 {
                            if errno == EINTR { continue }
                            initialized = done
                            throw IOError(errnoCode: errno, reason: "pread")
                        }
                        if result == 0 { break }
                        done += result
                    }
                    initialized = done
                }
            }
        }
    }

    private static func makeTemporaryFile(in directory: String) throws -> CInt {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template.append(contentsOf: "peregrine-upload-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "mkstemp") }
        // Unlinked at once: the file lives exactly as long as its descriptor.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: CInt, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw IOError(errnoCode: errno, reason: "pwrite")
            }
            done += result
        }
    }
}
