internal import CSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prime kernels over 64-bit integers.
///
/// The corresponding C functions are `gs_is_prime_u64`, `gs_next_prime_u64`,
/// `gs_first_primes` and `gs_count_primes`.
public enum Primes {
    /// Whether `n` is prime: exact for every 64-bit value (trial division, then
    /// Baillie-PSW in Montgomery arithmetic, which has no pseudoprime below 2^64).
    /// About a microsecond for a 64-bit prime.
    ///
    /// The corresponding C function is `gs_is_prime_u64`.
    public static func isPrime(_ n: UInt64) -> Bool {
        gs_is_prime_u64(n) != 0
    }

    /// The smallest prime strictly greater than `n`.
    ///
    /// - Throws: ``KernelError/outOfRange`` when no prime above `n` fits in 64 bits
    ///   (`n >= 18446744073709551557`); use ``BigInteger/nextPrime()`` then.
    ///
    /// The corresponding C function is `gs_next_prime_u64`.
    public static func nextPrime(after n: UInt64) throws(KernelError) -> UInt64 {
        var result: UInt64 = 0
        try check(gs_next_prime_u64(n, &result))
        return result
    }

    /// The first `count` primes, `[2, 3, 5, ...]`, from a segmented sieve.
    ///
    /// - Throws: ``KernelError/invalidArgument`` for a negative count,
    ///   ``KernelError/outOfMemory`` when the array cannot be allocated
    ///   (checked with malloc first: Swift itself would trap).
    ///
    /// The corresponding C function is `gs_first_primes`.
    public static func first(_ count: Int) throws(KernelError) -> [UInt64] {
        guard count >= 0 else { throw .invalidArgument }
        guard count <= Int.max / MemoryLayout<UInt64>.stride else { throw .outOfMemory }
        // None: a literal empty array. Array(unsafeUninitializedCapacity: 0) writes
        // its count into the runtime's shared empty-array storage, which TSan
        // reports as a race with any other thread using an empty array.
        guard count > 0 else { return [] }
        // Swift traps when an array cannot be allocated; ask malloc first, so an
        // impossible count is an error, not a crash. The probe goes through an
        // opaque C call (k = 0 writes nothing): an unused malloc/free pair may be
        // deleted by the optimizer, which then assumes the allocation succeeded.
        guard let probe = malloc(max(count, 1) * MemoryLayout<UInt64>.stride) else { throw .outOfMemory }
        _ = gs_first_primes(0, probe.assumingMemoryBound(to: UInt64.self))
        free(probe)
        var status = GS_OK
        let primes = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = gs_first_primes(count, buffer.baseAddress)
            initialized = status == GS_OK ? count : 0
        }
        try check(status)
        return primes
    }

    /// The number of primes in `range` (half-open), by a segmented sieve of
    /// Eratosthenes over a mod-30 wheel: O(n log log n) time, O(√upperBound) memory.
    ///
    /// The corresponding C function is `gs_count_primes`.
    public static func count(in range: Range<UInt64>) throws(KernelError) -> UInt64 {
        try count(from: range.lowerBound, to: range.upperBound, cancel: nil)
    }

    /// The number of primes in `range` (closed).
    ///
    /// - Throws: ``KernelError/outOfRange`` when the range ends at `UInt64.max`:
    ///   the C kernel counts half-open ranges below 2^64.
    ///
    /// The corresponding C function is `gs_count_primes`.
    public static func count(in range: ClosedRange<UInt64>) throws(KernelError) -> UInt64 {
        guard range.upperBound < .max else { throw .outOfRange }
        return try count(from: range.lowerBound, to: range.upperBound + 1, cancel: nil)
    }

    /// The number of primes `p` with `lower <= p < upper`.
    ///
    /// - Throws: ``KernelError/invalidArgument`` when `lower > upper`.
    ///
    /// The corresponding C function is `gs_count_primes`.
    public static func count(from lower: UInt64, to upper: UInt64) throws(KernelError) -> UInt64 {
        try count(from: lower, to: upper, cancel: nil)
    }

    static func count(
        from lower: UInt64, to upper: UInt64, cancel: CancellationFlag?
    ) throws(KernelError) -> UInt64 {
        var result: UInt64 = 0
        try check(gs_count_primes(lower, upper, cancel.map { UnsafePointer($0.pointer) }, &result))
        return result
    }
}
