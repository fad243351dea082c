import Dispatch
import Foundation

/// Runs work on real threads released together, and times it.
enum ThreadTimer {
    /// Seconds for `body(thread)` to run on `threads` new threads at once,
    /// from the moment all are released to the moment the last one finishes.
    /// Threads of their own: on Linux the cooperative pool and Dispatch's
    /// workers are one small shared pool.
    static func parallel(threads: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
        let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        for index in 0..<threads {
            let thread = Thread {
                ready.signal()
                go.wait()
                body(index)
                done.signal()
            }
            thread.start()
        }
        for _ in 0..<threads { ready.wait() }
        let start = DispatchTime.now()
        for _ in 0..<threads { go.signal() }
        for _ in 0..<threads { done.wait() }
        return seconds(since: start)
    }

    static func sequential(_ body: () -> Void) -> Double {
        let start = DispatchTime.now()
        body()
        return seconds(since: start)
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
