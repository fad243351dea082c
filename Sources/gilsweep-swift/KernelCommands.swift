import ArgumentParser
import Foundation
import GilsweepKernels

struct CountPrimes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the primes p with LO <= p < HI (0 <= LO <= HI <= 2^64-1).")

    @Argument(help: "Lower bound, included.") var lo: String
    @Argument(help: "Upper bound, excluded.") var hi: String
    // Text, read by Arguments like LO and HI, so any bad value gets a message
    // that names the limit (an Int option said only "is invalid" above Int.max).
    @Option(help: "Threads that sieve slices of the range at once (1...\(Primes.maximumThreads)).")
    var threads = "1"

    func run() async throws {
        let lower = try Arguments.uint64(lo, "LO"), upper = try Arguments.uint64(hi, "HI")
        guard lower <= upper else { throw ValidationError("LO must not exceed HI, got LO=\(lo) HI=\(hi)") }
        let threadCount = Int(try Arguments.uint64(threads, "--threads", in: 1...UInt64(Primes.maximumThreads)))
        let count =
            threadCount == 1
            ? try Primes.count(in: lower..<upper)
            : try await Primes.count(in: lower..<upper, threads: threadCount)
        print(count)
    }
}

struct IsPrime: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print true if N is prime: exact below 2^64, GMP's probable-prime test above.")

    @Argument(help: "A decimal integer of any size.") var n: String

    func run() throws {
        let value = try Arguments.integer(n, "N")
        if let small = value.uint64Value {
            print(Primes.isPrime(small))
        } else {
            print(try value.isProbablePrime(rounds: 25))
        }
    }
}

struct GCD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gcd", abstract: "Print the greatest common divisor of A and B (any size, any sign).")

    @Argument(help: "A decimal integer.") var a: String
    @Argument(help: "A decimal integer.") var b: String

    func run() throws {
        let x = try Arguments.integer(a, "A"), y = try Arguments.integer(b, "B")
        if let small = (x.isNegative ? -x : x).uint64Value, let other = (y.isNegative ? -y : y).uint64Value {
            print(GilsweepKernels.gcd(small, other))  // the 64-bit binary gcd
        } else {
            print(x.greatestCommonDivisor(with: y))
        }
    }
}

struct NextPrime: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the smallest prime above N (exact below 2^64, probable prime above).")

    @Argument(help: "A decimal integer of any size.") var n: String

    func run() throws {
        let value = try Arguments.integer(n, "N")
        if let small = value.uint64Value, let next = try? Primes.nextPrime(after: small) {
            print(next)
        } else {
            print(value.nextPrime())
        }
    }
}

struct FirstPrimes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the first K primes, one per line.")

    static let maximum: UInt64 = 1_000_000_000  // the list is built in memory first: 8 bytes each

    @Argument(help: "How many primes (0...1000000000).") var k: String

    func run() throws {
        let count = try Arguments.uint64(k, "K", in: 0...Self.maximum)
        var output = LineWriter()
        for prime in try Primes.first(Int(count)) { output.write(prime) }
        output.flush()
    }
}

struct Churn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spin N times in C (Beazley's count loop) and print the seconds it took.")

    @Argument(help: "Iterations, 0 or more.") var n: String

    func run() throws {
        let iterations = try Arguments.uint64(n, "N", in: 0...UInt64(Int64.max))
        let clock = ContinuousClock()
        let elapsed = clock.measure { churn(Int(iterations)) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(seconds)
    }
}
