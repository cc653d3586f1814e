#if canImport(Glibc)
import Foundation
import Synchronization

/// glibc's allocator settings, from `<malloc.h>`, which the Glibc module does not export.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim")
private func malloc_trim(_ pad: Int) -> Int32
#endif

/// Keeps a server's memory close to what it uses, on glibc.
///
/// glibc serves allocations over its mmap threshold (128 KiB) with their own mappings, returned
/// to the system when freed; but each time such a block is freed it raises the threshold (up to
/// 32 MiB), so after a burst of large request heads, bodies and file chunks, later large buffers
/// come from the heap's arenas and stay there once freed. Pinning the threshold keeps large
/// buffers out of the arenas; a trim when the server goes quiet returns what the arenas hold.
/// A `MALLOC_MMAP_THRESHOLD_` in the environment is the operator's choice and is left alone.
enum ProcessMemory {
    #if canImport(Glibc)
    private static let configured = Atomic(false)
    #endif

    /// Pins glibc's mmap threshold at 128 KiB, once per process.
    static func keepLargeBuffersOutOfArenas() {
        #if canImport(Glibc)
        guard configured.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged,
            ProcessInfo.processInfo.environment["MALLOC_MMAP_THRESHOLD_"] == nil
        else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 128 * 1024)
        #endif
    }

    /// Returns the memory glibc's arenas keep free to the system.
    static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
