// Trusted, obviously-correct references the kernels are checked against.
import GilsweepKernels

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
