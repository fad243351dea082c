import GilsweepKernels
import Testing

@Suite("BigInteger")
struct BigIntegerTests {
    static let samples: [BigInteger] = [
        0, 1, -1, 255, 256, -256, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808,
        18_446_744_073_709_551_615, 18_446_744_073_709_551_616,
        -340_282_366_920_938_463_463_374_607_431_768_211_457,
        BigInteger(String(repeating: "9", count: 2000))!,
        -BigInteger(String(repeating: "7", count: 999))!,
    ]

    @Test func literalsAndIntegers() {
        #expect(BigInteger(42) == 42)
        #expect(BigInteger(-42).description == "-42")
        #expect(BigInteger(UInt64.max).description == "18446744073709551615")
        #expect(BigInteger(Int.min).description == "-9223372036854775808")
        let big: BigInteger = -340_282_366_920_938_463_463_374_607_431_768_211_457
        #expect(big.description == "-340282366920938463463374607431768211457")
        let justAboveWord: BigInteger = 18_446_744_073_709_551_616
        #expect(justAboveWord.description == "18446744073709551616")
    }

    @Test func stringRoundTripsInEveryBase() {
        for value in Self.samples {
            for radix in 2...62 {
                let text = value.digits(radix: radix)
                #expect(BigInteger(text, radix: radix) == value, "radix \(radix): \(text.prefix(40))")
            }
        }
        #expect(BigInteger("ff", radix: 16) == 255)
        #expect(BigInteger("FF", radix: 16) == 255)  // case ignored up to base 36
        #expect(BigInteger("z", radix: 62) == 61)  // above base 36: A-Z are 10..35, a-z 36..61
        #expect(BigInteger("Z", radix: 62) == 35)
        #expect(BigInteger("+17") == 17)
        #expect(BigInteger("-0") == 0)
        #expect(BigInteger(-255).digits(radix: 16) == "-ff")
    }

    @Test(arguments: ["", "-", "+", " 1", "1 ", "1 2", "0x10", "1_000", "12a", "--1", "+-1", "١٢", "1.5", "\u{0}"])
    func invalidStringsGiveNil(text: String) {
        #expect(BigInteger(text) == nil)
    }

    @Test func invalidDigitsAndRadixesGiveNil() {
        #expect(BigInteger("2", radix: 2) == nil)
        #expect(BigInteger("g", radix: 16) == nil)
        #expect(BigInteger("10", radix: 1) == nil)
        #expect(BigInteger("10", radix: 63) == nil)
        #expect(BigInteger("10", radix: 0) == nil)
        #expect(BigInteger("a", radix: 37) == BigInteger(36))
        #expect(BigInteger("A", radix: 37) == BigInteger(10))
        #expect(BigInteger("z", radix: 40) == nil)  // 61 is no digit in base 40
    }

    @Test func byteRoundTrips() {
        for value in Self.samples {
            let rebuilt = BigInteger(bigEndianMagnitude: value.bigEndianMagnitude, isNegative: value.isNegative)
            #expect(rebuilt == value)
        }
        #expect(BigInteger(0).bigEndianMagnitude.isEmpty)
        #expect(BigInteger(256).bigEndianMagnitude == [1, 0])
        #expect(BigInteger(bigEndianMagnitude: [0, 0, 1, 0]) == 256)  // leading zeros are fine
        #expect(BigInteger(bigEndianMagnitude: [], isNegative: true) == 0)
        #expect(!BigInteger(bigEndianMagnitude: [], isNegative: true).isNegative)
        #expect(BigInteger(bigEndianMagnitude: [1], isNegative: true) == -1)
    }

    @Test func uint64Value() {
        #expect(BigInteger(UInt64.max).uint64Value == .max)
        #expect(BigInteger(0).uint64Value == 0)
        #expect(BigInteger(-1).uint64Value == nil)
        #expect((18_446_744_073_709_551_616 as BigInteger).uint64Value == nil)
    }

    @Test func orderEqualityAndHashing() {
        let sorted = Self.samples.sorted()
        #expect(sorted.first == -BigInteger(String(repeating: "7", count: 999))!)
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0 <= $1 })
        let copy = BigInteger(Self.samples[11].description)!
        #expect(copy == Self.samples[11] && copy.hashValue == Self.samples[11].hashValue)
        #expect(Set(Self.samples + Self.samples).count == Self.samples.count)
    }

    @Test func copyOnWrite() {
        let original: BigInteger = 123_456_789_012_345_678_901_234_567_890
        var copy = original
        copy.negate()
        #expect(original.description == "123456789012345678901234567890")
        #expect(copy.description == "-123456789012345678901234567890")
        copy.negate()
        #expect(copy == original)
    }

    @Test func zeroHasAnEmptyMagnitudeAndNoSign() {
        var zero = BigInteger(0)
        let shared = zero
        zero.negate()
        #expect(zero == shared && !zero.isNegative && zero.bigEndianMagnitude.isEmpty && zero.description == "0")
    }

    /// Each error describes itself with the C library's message (gs_status_message), as the CLI prints it.
    @Test func kernelErrorsDescribeThemselvesWithTheCMessages() {
        #expect(KernelError.invalidArgument.description == "invalid argument")
        #expect(KernelError.outOfRange.description == "value out of range")
        #expect(KernelError.outOfMemory.description == "out of memory")
        #expect("\(KernelError.cancelled)" == "cancelled")
    }

    @Test func primalityAndNextPrime() throws {
        let mersenne127 = BigInteger(String(repeating: "1", count: 127), radix: 2)!
        #expect(try mersenne127.isProbablePrime())
        // Above 2^64 GMP proves nothing: a prime that large is "probably prime", not "prime".
        #expect(try mersenne127.primality() == .probablyPrime)
        #expect(try (18_446_744_073_709_551_629 as BigInteger).primality() == .probablyPrime)
        #expect(try !BigInteger(String(repeating: "1", count: 128), radix: 2)!.isProbablePrime())
        #expect(try BigInteger(7).primality() == .prime)
        #expect(try BigInteger(9).primality() == .composite)
        #expect(try !BigInteger(-7).isProbablePrime())
        #expect(try !BigInteger(1).isProbablePrime())
        #expect(throws: KernelError.outOfRange) { try mersenne127.primality(rounds: 0) }
        #expect(throws: KernelError.outOfRange) { try mersenne127.isProbablePrime(rounds: 1001) }
        // 2^64 + 13 is the first prime above 2^64.
        #expect((18_446_744_073_709_551_615 as BigInteger).nextPrime() == 18_446_744_073_709_551_629)
        #expect(BigInteger(-100).nextPrime() == 2)
        let next = mersenne127.nextPrime()
        #expect(next > mersenne127)
        #expect(try next.isProbablePrime())
    }
}
