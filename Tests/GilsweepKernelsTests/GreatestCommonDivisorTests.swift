import GilsweepKernels
import SeededRandom
import Testing

@Suite("gcd")
struct GreatestCommonDivisorTests {
    static let edges: [UInt64] = [0, 1, 2, 3, 4, 6, 1 << 32, (1 << 63) - 1, 1 << 63, .max - 1, .max]

    @Test func unsignedMatchesEuclid() {
        var random = SplitMix64(seed: 5)
        var values = Self.edges
        for _ in 0..<300 {
            let r = random.next()
            values.append(r >> (r % 64))
            values.append(r & ~((1 << (r % 40)) - 1))  // many shared trailing zeros
        }
        for a in values {
            for b in values.prefix(60) {
                #expect(gcd(a, b) == Reference.euclid(a, b), "gcd(\(a), \(b))")
            }
        }
    }

    @Test func properties() {
        var random = SplitMix64(seed: 6)
        for _ in 0..<10_000 {
            let a = random.next() >> (random.next() % 64), b = random.next() >> (random.next() % 64)
            let g = gcd(a, b)
            #expect(g == gcd(b, a))
            #expect(gcd(a, 0) == a && gcd(0, b) == b)
            if g != 0 { #expect(a % g == 0 && b % g == 0 && gcd(a / g, b / g) == 1) }
        }
        #expect(gcd(UInt64(0), 0) == 0)
    }

    @Test func signedUsesMagnitudes() {
        #expect(gcd(Int64.min, 0) == 1 << 63)
        #expect(gcd(Int64.min, Int64.min) == 1 << 63)
        #expect(gcd(Int64(-12), 18) == 6)
        #expect(gcd(Int64(-12), -18) == 6)
        #expect(gcd(Int64.min, Int64.max) == 1)
        var random = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let a = Int64(bitPattern: random.next()), b = Int64(bitPattern: random.next() >> (random.next() % 64))
            #expect(gcd(a, b) == Reference.euclid(a.magnitude, b.magnitude))
        }
    }

    @Test func bigIntegersMatchTheSixtyFourBitKernel() {
        var random = SplitMix64(seed: 8)
        for _ in 0..<2000 {
            let a = random.next() >> (random.next() % 64), b = random.next() >> (random.next() % 64)
            let big = BigInteger(a).greatestCommonDivisor(with: -BigInteger(b))
            #expect(big == BigInteger(gcd(a, b)))
        }
    }

    @Test func mersenneIdentityForBigIntegers() {
        // gcd(2^a - 1, 2^b - 1) = 2^gcd(a, b) - 1; 2^a - 1 is a ones in base 2.
        func mersenne(_ a: Int) -> BigInteger { BigInteger(String(repeating: "1", count: a), radix: 2)! }
        for a in stride(from: 1, through: 3000, by: 97) {
            for b in [1, 2, 60, 64, 65, 128, 1000, 2999] {
                let expected = mersenne(Int(gcd(UInt64(a), UInt64(b))))
                #expect(mersenne(a).greatestCommonDivisor(with: mersenne(b)) == expected, "a=\(a) b=\(b)")
                #expect((-mersenne(a)).greatestCommonDivisor(with: mersenne(b)) == expected)
            }
        }
        let x = mersenne(521)
        #expect(x.greatestCommonDivisor(with: 0) == x)
        #expect(BigInteger(0).greatestCommonDivisor(with: -x) == x)
        #expect(BigInteger(0).greatestCommonDivisor(with: 0) == 0)
    }
}
