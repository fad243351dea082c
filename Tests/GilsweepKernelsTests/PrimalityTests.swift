import GilsweepKernels
import SeededRandom
import Testing

@Suite("Primality and next prime")
struct PrimalityTests {
    @Test func everyNumberBelowOneMillionMatchesTheSieve() {
        let isPrime = Reference.sieve(below: 1_000_000)
        let mismatches = (0..<1_000_000).filter { Primes.isPrime(UInt64($0)) != isPrime[$0] }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test func carmichaelNumbersAreComposite() {
        let carmichael: [UInt64] = [
            561, 1105, 1729, 2465, 2821, 6601, 8911, 10585, 15841, 29341, 41041, 46657, 52633,
            62745, 63973, 75361, 101101, 115921, 126217, 162401, 172081, 188461, 252601, 278545,
            294409, 314821, 334153, 340561, 399001, 410041, 449065, 488881, 512461,
        ]
        for n in carmichael { #expect(!Primes.isPrime(n), "\(n)") }
    }

    @Test func largeChernickCarmichaelNumbersAreComposite() throws {
        // (6k+1)(12k+1)(18k+1) is a Carmichael number when all three factors are
        // prime (checked by GMP, not by the kernel under test).
        var found = 0
        for k in stride(from: UInt64(240_000), to: 1, by: -1) where found < 25 {
            let factors = [6 * k + 1, 12 * k + 1, 18 * k + 1]
            guard try factors.allSatisfy({ try BigInteger($0).isProbablePrime() }) else { continue }
            let n = factors.reduce(1, *)
            #expect(!Primes.isPrime(n), "\(n)")
            found += 1
        }
        #expect(found == 25)
    }

    @Test func strongPseudoprimesAreComposite() {
        let pseudoprimes: [UInt64] = [
            2047, 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633, 65281, 74665, 80581,
            85489, 88357, 90751,  // strong pseudoprimes to base 2 (A001262)
            5459, 5777, 10877, 16109, 18971, 22499, 24569, 25199, 40309, 58519, 75077, 97439,  // strong Lucas (A217255)
            3_215_031_751, 2_152_302_898_747, 3_474_749_660_383, 341_550_071_728_321,
            3_825_123_056_546_413_051,  // strong to every base 2..23
        ]
        for n in pseudoprimes { #expect(!Primes.isPrime(n), "\(n)") }
    }

    @Test func squaresOfLargePrimesAreCompositeAndDoNotHang() {
        // No Selfridge D exists for a square: the Lucas test must rule squares out first.
        for p: UInt64 in [4_294_967_291, 4_294_967_279, 65_521, 2_147_483_647, 3_037_000_493] where p <= 4_294_967_295 {
            #expect(!Primes.isPrime(p * p), "\(p)^2")
        }
        #expect(!Primes.isPrime(4_294_967_291 * 4_294_967_279))
    }

    @Test func primesNearTwoToThe64() throws {
        let primes: [UInt64] = [18_446_744_073_709_551_557, 18_446_744_073_709_551_533, 18_446_744_073_709_551_521]
        for p in primes { #expect(Primes.isPrime(p)) }
        for n in (UInt64.max - 200)...UInt64.max where !primes.contains(n) && n > primes[2] {
            #expect(!Primes.isPrime(n), "\(n)")
        }
        #expect(try Primes.nextPrime(after: 18_446_744_073_709_551_533) == 18_446_744_073_709_551_557)
        #expect(throws: KernelError.outOfRange) { try Primes.nextPrime(after: 18_446_744_073_709_551_557) }
        #expect(throws: KernelError.outOfRange) { try Primes.nextPrime(after: .max) }
    }

    @Test func randomSixtyFourBitNumbersAgreeWithGMP() throws {
        // GMP's BPSW is exact below 2^64, so it is an independent reference here.
        var random = SplitMix64(seed: 3)
        for index in 0..<20_000 {
            var n = random.next()
            if index % 2 == 0 { n >>= random.next() % 64 }  // all sizes, not only 64-bit
            let gmp = try BigInteger(n).isProbablePrime(rounds: 25)
            #expect(Primes.isPrime(n) == gmp, "\(n)")
        }
        // Semiprimes of two primes near 2^32 are the hardest case for a weak test.
        let p = try Primes.nextPrime(after: 4_294_000_000), q = try Primes.nextPrime(after: p)
        #expect(!Primes.isPrime(p * q))
    }

    @Test func nextPrimeMatchesIsPrime() throws {
        #expect(try Primes.nextPrime(after: 0) == 2)
        #expect(try Primes.nextPrime(after: 1) == 2)
        #expect(try Primes.nextPrime(after: 2) == 3)
        var random = SplitMix64(seed: 4)
        for _ in 0..<500 {
            let n = random.next() >> (random.next() % 63)
            let next = try Primes.nextPrime(after: n)
            #expect(next > n && Primes.isPrime(next))
            #expect(((n + 1)..<next).allSatisfy { !Primes.isPrime($0) })
        }
    }
}
