internal import CSupport
import Synchronization

extension Primes {
    /// The most threads ``count(in:threads:)`` accepts: more than any machine has
    /// hardware threads today (a two-socket server has a few hundred), and few
    /// enough that starting them all costs milliseconds. More threads than cores
    /// only slice the range thinner; a count such as `Int.max` would overflow
    /// the piece arithmetic or exhaust the system's threads.
    public static let maximumThreads = 1024

    /// The number of primes in `range`, counted by `threads` threads at once.
    ///
    /// The range is cut into pieces (up to eight per thread, as long as each
    /// piece stays large next to the sieve's set-up of about `sqrt(upperBound)`
    /// numbers) and every thread takes the next piece until none are left, so
    /// all threads stay busy to the end even when one runs slower. Each thread
    /// is a thread of its own, outside the cooperative pool and Dispatch's
    /// workers, so a long count never starves other tasks. Cancelling the
    /// calling `Task` stops every thread between two sieve segments, within
    /// milliseconds.
    ///
    /// When the system refuses some threads (a thread or memory limit), the ones
    /// that started count the whole range.
    ///
    /// - Throws: ``KernelError/invalidArgument`` when `threads` is not in
    ///   `1...maximumThreads`, ``KernelError/cancelled`` when the task is cancelled,
    ///   ``KernelError/outOfMemory`` when the system refuses every thread.
    ///
    /// The corresponding C function is `gs_count_primes`.
    public static func count(in range: Range<UInt64>, threads: Int) async throws(KernelError) -> UInt64 {
        guard (1...maximumThreads).contains(threads) else { throw .invalidArgument }
        let slices = split(range, into: pieceCount(range, threads: threads))
        let flag = CancellationFlag()
        let outcome = await withTaskCancellationHandler {
            await countSlices(slices, threads: min(threads, slices.count), cancel: flag)
        } onCancel: {
            flag.raise()
        }
        return try outcome.get()
    }

    /// `range` cut into at most `parts` contiguous, non-empty slices of near-equal length.
    static func split(_ range: Range<UInt64>, into parts: Int) -> [Range<UInt64>] {
        let length = range.upperBound - range.lowerBound
        let count = UInt64(parts) > length ? max(Int(length), 1) : parts
        let step = length / UInt64(count), extra = length % UInt64(count)
        var slices: [Range<UInt64>] = []
        var lower = range.lowerBound
        for index in 0..<UInt64(count) {
            let upper = lower + step + (index < extra ? 1 : 0)
            slices.append(lower..<upper)
            lower = upper
        }
        return slices
    }

    /// How many pieces to cut `range` into for `threads` threads: up to eight per
    /// thread, each at least 2^26 numbers and 64 sqrt(upperBound) long, since
    /// every piece pays the sieve's set-up again (near 2^64, generating every
    /// prime up to 2^32: there a piece per thread).
    static func pieceCount(_ range: Range<UInt64>, threads: Int) -> Int {
        guard threads > 1 else { return 1 }
        let length = range.upperBound - range.lowerBound
        let root = UInt64(Double(range.upperBound).squareRoot())
        let smallest = max(UInt64(1) << 26, root.multipliedReportingOverflow(by: 64).overflow ? .max : root * 64)
        let pieces = UInt64(threads) * 8
        let fitting = length / smallest
        return Int(max(UInt64(threads), min(pieces, fitting)))
    }

    private static func countSlices(
        _ slices: [Range<UInt64>], threads: Int, cancel: CancellationFlag
    ) async -> Result<UInt64, KernelError> {
        let results = SliceResults(count: threads)
        let nextSlice = SliceQueue()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let remaining = Countdown(threads) { continuation.resume() }
            var started = 0
            for index in 0..<threads {
                do {
                    try PosixThread.start {
                        results.store(index, Result { () throws(KernelError) -> UInt64 in
                            var total: UInt64 = 0
                            while let slice = nextSlice.take(from: slices) {
                                total += try count(from: slice.lowerBound, to: slice.upperBound, cancel: cancel)
                            }
                            return total
                        })
                        remaining.finishOne()
                    }.detach()
                    started += 1
                } catch {
                    // The system refused a thread (EAGAIN at a thread or memory limit). The
                    // threads that did start take its slices from the queue; only when none
                    // started is there nobody to count, and the count fails.
                    let last = index == threads - 1
                    results.store(index, last && started == 0 ? .failure(.outOfMemory) : .success(0))
                    remaining.finishOne()
                }
            }
        }
        return results.total()
    }
}

/// Hands out the slices in order, each to exactly one thread.
private final class SliceQueue: Sendable {
    private let next = Atomic<Int>(0)

    func take(from slices: [Range<UInt64>]) -> Range<UInt64>? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < slices.count ? slices[index] : nil
    }
}

/// Calls `done` once `count` threads have each called `finishOne`.
private final class Countdown: Sendable {
    private let remaining: Atomic<Int>
    private let done: @Sendable () -> Void

    init(_ count: Int, done: @escaping @Sendable () -> Void) {
        remaining = Atomic(count)
        self.done = done
    }

    func finishOne() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done() }
    }
}

/// One result slot per thread; each thread writes only its
/// own slot, through a raw buffer so no exclusivity check spans the threads.
private final class SliceResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<UInt64, KernelError>>
    // Slots written so far. Each thread counts its slot in with a releasing add and
    // total() reads them after an acquiring load: the happens-before edge from every
    // write to the reads is ours, not only the continuation's. (When the threads
    // finish before the task suspends, the runtime resumes it inline without telling
    // TSan, which then reported a race on the slots.)
    private let stored = Atomic<Int>(0)

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: .success(0))
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ index: Int, _ result: Result<UInt64, KernelError>) {
        slots[index] = result
        stored.add(1, ordering: .releasing)
    }

    /// The sum of every slot, or the first failure; call once every slot is stored.
    func total() -> Result<UInt64, KernelError> {
        precondition(stored.load(ordering: .acquiring) == slots.count, "a slice has not stored its count")
        var sum: UInt64 = 0
        for slot in slots {
            switch slot {
            case .success(let count): sum += count
            case .failure(let error): return .failure(error)
            }
        }
        return .success(sum)
    }
}
