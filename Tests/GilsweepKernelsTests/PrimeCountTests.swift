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

    /// Ranges that hit each tier of the sieve (CSupport/sieve.c), counted by
    /// primesieve 11 over the closed [lower, upper - 1]: segment edges (a segment
    /// is 256 KiB = 7864320 numbers, a window 983040), ranges wide enough for the
    /// full 7..53 pre-sieve that start and end inside its periods, big primes in
    /// buckets whose ring of segments wraps (near 10^12 and 2^40), the streaming
    /// tier across a chunk boundary (a chunk is 32 MiB = 1006632960 numbers;
    /// 2^44 and 2^50), and ranges ending at 2^64 - 1.
    @Test(arguments: [
        (7_864_313, 15_728_647, 483_481),
        (7_864_320, 7_864_321, 0),
        (0, 7_864_320, 531_252),
        (7_864_320, 62_914_560, 3_193_326),
        (62_914_559, 62_914_580, 0),
        (983_033, 983_047, 0),
        (510_510, 126_000_000, 7_121_483),
        (16_054_957, 216_054_957, 10_882_900),
        (53_586_407, 353_586_407, 15_782_687),
        (1_099_011_627_776, 1_100_011_627_776, 36_065_856),
        (1_000_000_000_000, 1_000_800_000_000, 28_955_571),
        (17_592_186_044_416, 17_593_286_044_416, 36_073_021),
        (1_125_899_906_842_624, 1_125_901_006_842_624, 31_741_494),
        (1_125_899_906_842_624, 1_125_899_907_842_624, 28_790),
        (18_446_744_069_414_584_320, 18_446_744_073_709_551_615, 96_798_093),
        (18_446_744_073_709_550_615, 18_446_744_073_709_551_615, 21),
    ] as [(UInt64, UInt64, UInt64)])
    func sieveTiersMatchPrimesieve(lower: UInt64, upper: UInt64, expected: UInt64) throws {
        #expect(try Primes.count(in: lower..<upper) == expected)
    }

    @Test func rangesAddUpAcrossAStreamingChunk() throws {
        // 2^50: base primes above 2^22 are streamed and their multiples binned;
        // a cut moves the chunk boundary and the bins' regions.
        let base: UInt64 = 1 << 50
        let whole = try Primes.count(in: base..<base + 1_100_000_000)
        #expect(whole == 31_741_494)
        for cut in [base + 1_006_632_960 - 1, base + 93_367_040 + 7] {
            #expect(try Primes.count(in: base..<cut) + Primes.count(in: cut..<base + 1_100_000_000) == whole)
        }
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
        // Pieces taken from a queue: many per thread here, one per thread near 2^64.
        #expect(try await Primes.count(in: 1_000_000_000..<2_000_000_000, threads: 3) == 98_222_287 - 50_847_534)
        #expect(try await Primes.count(in: (UInt64.max - 1_000_000)..<UInt64.max, threads: 2) == 22_475)
        #expect(try await Primes.count(in: 9..<9, threads: 4) == 0)
        await #expect(throws: KernelError.invalidArgument) { try await Primes.count(in: 0..<10, threads: 0) }
    }

    @Test func threadCountsOutsideTheLimitThrow() async throws {
        #expect(Primes.maximumThreads == 1024)
        #expect(try await Primes.count(in: 0..<1_000_000, threads: Primes.maximumThreads) == 78_498)
        for threads in [Primes.maximumThreads + 1, 100_000, Int.max, -1, Int.min] {  // Int.max overflowed the pieces
            await #expect(throws: KernelError.invalidArgument) { try await Primes.count(in: 0..<10, threads: threads) }
        }
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
