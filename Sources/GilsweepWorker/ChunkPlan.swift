/// How one thread's calls are split into chunks, each timed on its own.
///
/// `min(chunks, calls)` chunks, as even as possible: with q, r = calls / k,
/// calls % k, the first r chunks make q + 1 calls and the rest q. Chunk
/// durations let the parent see a window that was disturbed part-way (a
/// stall, a migration) instead of only its total.
struct ChunkPlan: Equatable, Sendable {
    /// Calls per thread.
    let calls: Int
    /// Chunks per thread, k = min(requested chunks, calls).
    let count: Int
    /// Calls in every chunk, q; the first `remainder` chunks make one more.
    let quotient: Int
    let remainder: Int

    init(calls: Int, chunks: Int) {
        precondition(calls >= 1 && chunks >= 1, "calls and chunks must be at least 1")
        self.calls = calls
        count = min(chunks, calls)
        quotient = calls / count
        remainder = calls % count
    }

    /// Calls made in chunk `index` (0-based).
    func calls(inChunk index: Int) -> Int { index < remainder ? quotient + 1 : quotient }

    /// Calls of every chunk, in order.
    var sizes: [Int] { (0..<count).map(calls(inChunk:)) }
}
