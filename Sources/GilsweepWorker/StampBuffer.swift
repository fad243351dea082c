/// Every thread's chunk-end stamps for one window, in nanoseconds.
///
/// Allocated and zeroed before the window starts, so the timed loop only
/// stores into memory that is already mapped: no allocation, no page fault.
/// Each thread's row starts on its own 64-byte cache line, so one thread's
/// stamp does not invalidate a line another thread is writing.
final class StampBuffer: @unchecked Sendable {
    // @unchecked: thread i writes only row i, and the window reads the rows only
    // after joining every thread (pthread_join orders the writes before the reads).
    let threads: Int
    let chunks: Int
    /// Stamps per row, rounded up to whole cache lines.
    private let stride: Int
    private let base: UnsafeMutablePointer<UInt64>

    init(threads: Int, chunks: Int) {
        self.threads = threads
        self.chunks = chunks
        stride = (chunks + 7) / 8 * 8
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: threads * stride * MemoryLayout<UInt64>.stride, alignment: 64)
        base = raw.bindMemory(to: UInt64.self, capacity: threads * stride)
        base.initialize(repeating: 0, count: threads * stride)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    /// Thread `thread`'s row: `chunks` stamps.
    func row(_ thread: Int) -> UnsafeMutablePointer<UInt64> { base + thread * stride }

    /// The window's timing: chunk i of a thread lasts stamp_i - stamp_(i-1), with
    /// stamp_(-1) = `release`; the wall time ends at the last thread's last stamp.
    func timing(release: UInt64) -> WindowTiming {
        var wall: UInt64 = 0
        let rows = (0..<threads).map { thread -> [Double] in
            let stamps = row(thread)
            var previous = release
            return (0..<chunks).map { chunk in
                let stamp = stamps[chunk]
                defer { previous = stamp }
                wall = max(wall, stamp >= release ? stamp - release : 0)
                return stamp >= previous ? Double(stamp - previous) / 1e9 : 0
            }
        }
        return WindowTiming(wallSeconds: Double(wall) / 1e9, chunkSeconds: rows)
    }
}
