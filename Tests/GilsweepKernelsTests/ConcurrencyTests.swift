import Foundation
import GilsweepKernels
import Testing

@Suite("Many threads, cancellation")
struct ConcurrencyTests {
    /// Every kernel's answers on one thread, to compare the threaded runs against.
    struct Answers: Equatable, Sendable {
        var count: UInt64, first: [UInt64], isPrime: [Bool], gcds: [UInt64], bigGCD: BigInteger
        var next: BigInteger, probable: Bool

        static func compute() throws -> Answers {
            churn(10_000)
            let big = BigInteger(String(repeating: "123456789", count: 40))!
            let other = BigInteger(String(repeating: "987654321", count: 30))!
            return Answers(
                count: try Primes.count(in: 1_000_000..<3_000_000),
                first: try Primes.first(2000),
                isPrime: (UInt64.max - 2000...UInt64.max).map(Primes.isPrime),
                gcds: (0..<2000).map { gcd(UInt64($0) * 6_700_417, 18_446_744_073_709_551_615) },
                bigGCD: big.greatestCommonDivisor(with: other),
                next: big.nextPrime(),
                probable: try other.isProbablePrime())
        }
    }

    @Test func eightThreadsGetTheSingleThreadAnswers() throws {
        let expected = try Answers.compute()
        let results = Slots()
        // Real threads: a blocking loop on the cooperative pool could starve other tests.
        let threads = (0..<8).map { index in Thread { results.set(index, try? Answers.compute()) } }
        threads.forEach { $0.start() }
        while results.filled < 8 { Thread.sleep(forTimeInterval: 0.01) }
        for index in 0..<8 { #expect(results.get(index) == expected, "thread \(index)") }
    }

    @Test func cancellingTheTaskStopsALongCountQuickly() async throws {
        // A count that ends on its own, long enough (many times the bound below) that a
        // kernel which never checked for cancellation would miss the bound widely.
        let task = Task { try await Primes.count(in: 0..<300_000_000_000, threads: 2) }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        let elapsed = clock.now - start
        #expect(throws: KernelError.cancelled) { try result.get() }
        // The sieve checks the flag between segments, within milliseconds on a quiet
        // machine; this VM's host stalls a vCPU for 200 ms at a time, several in a row
        // in a burst, so the bound is ten stalls.
        // `make sanitize` sets GILSWEEP_SANITIZER: under TSan a segment takes about ten
        // times longer.
        let sanitized = ProcessInfo.processInfo.environment["GILSWEEP_SANITIZER"] != nil
        let bound: Duration = .seconds(sanitized ? 4 : 2)
        print("cancelled count stopped after \(elapsed) (bound \(bound))")
        #expect(elapsed < bound, "took \(elapsed) to stop")
    }

    /// An empty answer must be the literal `[]`: Array(unsafeUninitializedCapacity: 0)
    /// writes a count into the runtime's one shared empty-array storage, a data race
    /// with every other thread using an empty array, which `make sanitize` runs TSan to catch.
    @Test func emptyAnswersOnManyThreadsLeaveTheSharedEmptyArrayAlone() throws {
        let empties = Tally()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<500 {
                let first = (try? Primes.first(0)) ?? [1]
                var appended: [UInt64] = []  // reads the shared storage's count
                appended.append(contentsOf: first)
                if first.isEmpty && appended.isEmpty && BigInteger(0).bigEndianMagnitude.isEmpty { empties.add() }
            }
        }
        #expect(empties.value == 8 * 500)
    }

    /// Slices so short that their threads may finish, and resume the waiting task,
    /// before it has even suspended: the slot reads must still be ordered after the
    /// slot writes in a way TSan sees (the runtime's resume-before-await path does
    /// not tell it), or `make sanitize` reports a race.
    @Test func tinyParallelCountsReadEverySliceAfterItsThreadWroteIt() async throws {
        for _ in 0..<300 {
            #expect(try await Primes.count(in: 5..<8, threads: 3) == 2)
            #expect(try await Primes.count(in: 0..<30, threads: 8) == 10)
        }
    }

    @Test func anAlreadyCancelledTaskThrowsAtOnce() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Primes.count(in: 0..<10_000_000_000_000, threads: 2)
        }
        await #expect(throws: KernelError.cancelled) { try await task.value }
    }
}

/// Eight result slots written from eight threads.
final class Slots: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var slots = [ConcurrencyTests.Answers?](repeating: nil, count: 8)
    private var written = 0
    var filled: Int { lock.withLock { written } }
    func set(_ index: Int, _ value: ConcurrencyTests.Answers?) {
        lock.withLock {
            slots[index] = value
            written += 1
        }
    }
    func get(_ index: Int) -> ConcurrencyTests.Answers? { lock.withLock { slots[index] } }
}

/// A counter incremented from many threads.
final class Tally: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
