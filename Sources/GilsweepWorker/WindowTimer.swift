import CAffinity
import GilsweepKernels

/// Times one window: `threads` threads each making `plan.calls` calls of one
/// kernel, with a monotonic stamp after every chunk.
///
/// T == 1 runs on the calling thread (the worker's own, never pinned): a
/// sequential window needs no other thread, and starting one would only add
/// noise. T > 1 starts T fresh POSIX threads, each pinned to its own CPU as
/// the Python side's `windows.pin` does (docs/bad-day.md says why), that park
/// at a ``StartGate`` and are released together.
enum WindowTimer {
    /// The most threads a window may use; each is a real thread with its own stack.
    static let maximumThreads = 256

    /// Runs the window and returns its raw timing.
    ///
    /// - Parameter stallSeconds: a test hook: thread 0 sleeps this long inside its
    ///   middle chunk (index k / 2). Zero costs nothing but one integer compare
    ///   per chunk (never per call).
    /// - Throws: a `threads` error when the system refuses to start a thread.
    static func time(
        _ call: @escaping @Sendable () -> Void, threads: Int, plan: ChunkPlan, stallSeconds: Double = 0
    ) throws(RequestError) -> WindowTiming {
        precondition((1...maximumThreads).contains(threads), "threads out of range")
        let stamps = StampBuffer(threads: threads, chunks: plan.count)
        let stallNanoseconds = stallSeconds > 0 ? UInt64((stallSeconds * 1e9).rounded(.up)) : 0
        let stallChunk = stallNanoseconds > 0 ? plan.count / 2 : -1  // -1: no chunk stalls
        if threads == 1 {
            let release = MonotonicClock.nanoseconds()
            runChunks(
                call, plan: plan, stamps: stamps.row(0), stallChunk: stallChunk, stallNanoseconds: stallNanoseconds)
            return stamps.timing(release: release)
        }
        let gate = StartGate(parties: threads)
        var started: [PosixThread] = []
        started.reserveCapacity(threads)
        for index in 0..<threads {
            do {
                started.append(try PosixThread.start {
                    _ = caffinity_pin_current_thread(Int32(index))
                    guard gate.arriveAndWait() else { return }
                    runChunks(
                        call, plan: plan, stamps: stamps.row(index),
                        stallChunk: index == 0 ? stallChunk : -1, stallNanoseconds: stallNanoseconds)
                })
            } catch {
                gate.abort()
                for thread in started { thread.join() }
                throw RequestError("threads", "the system refused to start thread \(index + 1) of \(threads)")
            }
        }
        gate.waitForAll()
        let release = gate.open()
        for thread in started { thread.join() }
        return stamps.timing(release: release)
    }

    /// The measured loop of one thread: per chunk, its calls back to back, then
    /// one stamp. Nothing else runs between calls.
    @inline(__always)
    private static func runChunks(
        _ call: () -> Void, plan: ChunkPlan, stamps: UnsafeMutablePointer<UInt64>,
        stallChunk: Int, stallNanoseconds: UInt64
    ) {
        let quotient = plan.quotient, remainder = plan.remainder
        var chunk = 0
        while chunk < plan.count {
            var left = chunk < remainder ? quotient + 1 : quotient
            while left > 0 {
                call()
                left -= 1
            }
            if chunk == stallChunk { MonotonicClock.sleep(nanoseconds: stallNanoseconds) }
            stamps[chunk] = MonotonicClock.nanoseconds()
            chunk += 1
        }
    }
}
