// Trusted, obviously-correct references the kernels are checked against.
import Kernels

enum Reference {
    /// A plain sieve of Eratosthenes: isPrime[n] for n < limit.
    static func sieve(below limit: Int) -> [Bool] {
        var isPrime = [Bool](repeating: true, count: max(limit, 2))
        isPrime[0] = false
        isPrime[1] = false
        var p = 2
        while p * p < limit {
            if isPrime[p] { for m in stride(from: p * p, to: limit, by: p) { isPrime[m] = false } }
            p += 1
        }
        return Array(isPrime.prefix(limit))
    }

    /// Euclid's algorithm by remainders.
    static func euclid(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

/// Seeded random numbers so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
