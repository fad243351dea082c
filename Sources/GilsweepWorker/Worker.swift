import Foundation

/// The measurement worker behind `gilsweep-swift worker`.
///
/// Python owns the sweep: calibration, scheduling, statistics and reports. This
/// process only times windows of kernel calls on real threads, so that the
/// Swift ceiling and the Python modes are measured by one method. It is
/// long-lived: one request line in (a JSON object: see ``WindowRequest``), one
/// answer line out (see ``WorkerResponse``), until EOF on stdin.
///
/// A bad request gets an error answer and the loop goes on; nothing but answer
/// lines is ever written to stdout, and each is flushed at once because the
/// parent waits for it before sending the next request.
public final class Worker {
    private let cache = PointCache()

    public init() {}

    /// The answer line (without its newline) for one request line.
    public func respond(to line: String) -> String {
        let request: WindowRequest
        do throws(WindowRequest.Rejected) {
            request = try WindowRequest(line: line)
        } catch {
            return WorkerResponse.failure(idJSON: error.idJSON, error.error)
        }
        do throws(RequestError) {
            let point = try cache.point(request.workload, args: request.args)
            let plan = ChunkPlan(calls: request.calls, chunks: request.chunks)
            let timing = try WindowTimer.time(
                point.call, threads: request.threads, plan: plan, stallSeconds: request.injectStallSeconds)
            return WorkerResponse.success(idJSON: request.idJSON, timing)
        } catch {
            return WorkerResponse.failure(idJSON: request.idJSON, error)
        }
    }

    /// Answers every line of `lines` in order, handing each answer to `write`;
    /// stops early when `write` returns false (the reader is gone).
    public func serve(_ lines: some Sequence<String>, write: (String) -> Bool) {
        for line in lines {
            guard write(respond(to: line)) else { return }
        }
    }

    /// Serves stdin to stdout until EOF (or until stdout is closed).
    ///
    /// Each answer goes out in one unbuffered write (FileHandle, not stdio's
    /// buffer), so it reaches the parent as soon as it is made.
    public func run() {
        let lines = sequence(state: ()) { _ in readLine(strippingNewline: true) }
        serve(lines) { answer in
            (try? FileHandle.standardOutput.write(contentsOf: Data((answer + "\n").utf8))) != nil
        }
    }
}
