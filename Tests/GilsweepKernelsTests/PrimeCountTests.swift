import GilsweepKernels
import SeededRandom
import Testing

@Suite("Prime counting")
struct PrimeCountTests {
    /// pi(10^k), OEIS A006880.
    @Test(arguments: zip(0...9, [0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534] as [UInt64]))
    func powersOfTen(k: Int, expected: UInt64) throws {
        var upper: UInt64 = 1
        for _ in 0..<k { upper *= 10 }
        // pi(x) counts p <= x; 10^k is not prime for k >= 1, and pi(1) = 0.
        #expect(try Primes.count(in: 0..<upper + 1) == expected)
    }

    @Test func twoToThe32() throws {
        #expect(try Primes.count(in: 0..<(1 << 32)) == 203_280_221)
    }

    @Test func nearTenToThe12() throws {
        // From primesieve (closed intervals, neither end prime).
        #expect(try Primes.count(from: 1_000_000_000_000, to: 1_000_100_000_000) == 3_618_282)
        #expect(try Primes.count(from: 999_999_000_000, to: 1_000_001_000_000) == 72_649)
    }

    @Test func nearTwoToThe64() throws {
        // From primesieve: [2^64 - 1 - 10^6, 2^64 - 2].
        #expect(try Primes.count(from: UInt64.max - 1_000_000, to: UInt64.max) == 22_475)
        // The top of the range against is-prime, number by number.
        let lower = UInt64.max - 3000
        let expected = (lower..<UInt64.max).filter(Primes.isPrime).count
        #expect(try Primes.count(in: lower..<UInt64.max) == UInt64(expected))
        #expect(try Primes.count(in: (UInt64.max - 58)...(UInt64.max - 1)) == 1)  // 18446744073709551557
    }

    @Test func smallRangesMatchTheReferenceSieve() throws {
        let isPrime = Reference.sieve(below: 100_000)
        var random = SplitMix64(seed: 1)
        for _ in 0..<2000 {
            let a = Int(random.next() % 100_000), b = Int(random.next() % 100_000)
            let (lower, upper) = (min(a, b), max(a, b))
            let expected = isPrime[lower..<upper].filter { $0 }.count
            #expect(try Primes.count(in: UInt64(lower)..<UInt64(upper)) == UInt64(expected), "[\(lower), \(upper))")
        }
    }

    @Test func rangesAddUp() throws {
        // Splitting anywhere, across segment and wheel boundaries, changes nothing.
        var random = SplitMix64(seed: 2)
        for base: UInt64 in [0, 30, 1_000_000_007, 123_456_789_012] {
            let whole = try Primes.count(in: base..<base + 5_000_000)
            for _ in 0..<20 {
                let cut = base + random.next() % 5_000_000
                #expect(try Primes.count(in: base..<cut) + Primes.count(in: cut..<base + 5_000_000) == whole)
            }
        }
    }

    @Test func sumOfPrimesBelowOneBillion() throws {
        let primes = try Primes.first(50_847_534)
        #expect(primes.last == 999_999_937)
        #expect(primes.reduce(0, +) == 24_739_512_092_254_535)
    }

    @Test func badRangesThrow() throws {
        #expect(throws: KernelError.invalidArgument) { try Primes.count(from: 10, to: 9) }
        #expect(throws: KernelError.outOfRange) { try Primes.count(in: 0...UInt64.max) }
        #expect(try Primes.count(from: 7, to: 7) == 0)
        #expect(try Primes.count(in: UInt64.max..<UInt64.max) == 0)
    }

    @Test func parallelCountMatches() async throws {
        for threads in [1, 2, 3, 8] {
            #expect(try await Primes.count(in: 0..<100_000_000, threads: threads) == 5_761_455)
        }
        #expect(try await Primes.count(in: 5..<8, threads: 16) == 2)  // more threads than numbers
        #expect(try await Primes.count(in: 9..<9, threads: 4) == 0)
        await #expect(throws: KernelError.invalidArgument) { try await Primes.count(in: 0..<10, threads: 0) }
    }
}

@Suite("First primes")
struct FirstPrimesTests {
    @Test func firstFiveHundredMatchTheReferenceSieve() throws {
        let isPrime = Reference.sieve(below: 4000)
        let reference = isPrime.indices.filter { isPrime[$0] }
        let primes = try Primes.first(500)
        #expect(primes.count == 500)
        #expect(primes.last == 3571)
        #expect(primes == reference.prefix(500).map(UInt64.init))
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7, 100, 78_498, 1_000_000])
    func countsAndLastValues(k: Int) throws {
        let primes = try Primes.first(k)
        #expect(primes.count == k)
        if k == 78_498 { #expect(primes.last == 999_983) }
        if k == 1_000_000 { #expect(primes.last == 15_485_863) }
        #expect(zip(primes, primes.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func negativeCountThrows() {
        #expect(throws: KernelError.invalidArgument) { try Primes.first(-1) }
    }

    @Test func impossibleCountsThrowInsteadOfTrapping() {
        #expect(throws: KernelError.outOfMemory) { try Primes.first(1 << 50) }  // 8 PiB
        #expect(throws: KernelError.outOfMemory) { try Primes.first(.max) }
    }
}
