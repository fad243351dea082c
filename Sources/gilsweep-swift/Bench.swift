import ArgumentParser
import Foundation
import GilsweepKernels
import SeededRandom

/// Kernel speed next to named peers in one run: the primesieve CLI for counting,
/// GMP's mpz_probab_prime_p for primality. Ratios, not absolute times, are the claim.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark prime counting against primesieve and is-prime against GMP (best of --repeats).")

    @Option(help: "Runs of each measurement; the best is reported.") var repeats = 3
    @Option(help: "Random 64-bit primes for the is-prime throughput.") var primes = 20_000
    @Flag(help: "Skip the 10^10 count (about 2 s a run).") var quick = false

    func run() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard primes >= 1 else { throw ValidationError("--primes must be at least 1, got \(primes)") }
        print("| measurement | gilsweep | peer | peer time | gilsweep / peer |")
        print("|---|---|---|---|---|")
        for upper: UInt64 in quick ? [1_000_000_000] : [1_000_000_000, 10_000_000_000] {
            let ours = best(of: repeats) { _ = try? Primes.count(in: 0..<upper) }
            let label = "count primes in [0, 1e\(Int(log10(Double(upper)))))"
            if let peer = primesieveSeconds(upper: upper) {
                row(label, ours, "primesieve --threads=1", peer)
            } else {
                row(label, ours, "primesieve (not installed)", nil)
            }
        }
        let sample = randomPrimes(primes)
        let big = sample.map { BigInteger($0) }
        let ours = best(of: repeats) {
            var found = 0
            for n in sample where Primes.isPrime(n) { found += 1 }
            precondition(found == sample.count)
        }
        let gmp = best(of: repeats) {
            var found = 0
            for n in big where (try? n.primality(rounds: 25)) != .composite { found += 1 }
            precondition(found == big.count)
        }
        let count = Double(sample.count)
        row("is-prime, random 64-bit primes (per call)", ours / count, "GMP mpz_probab_prime_p(n, 25)", gmp / count)
    }

    private func row(_ label: String, _ ours: Double, _ peer: String, _ peerSeconds: Double?) {
        let ratio = peerSeconds.map { String(format: "%.2fx", ours / $0) } ?? "-"
        let peerTime = peerSeconds.map(format) ?? "-"
        print("| \(label) | \(format(ours)) | \(peer) | \(peerTime) | \(ratio) |")
    }

    private func format(_ seconds: Double) -> String {
        seconds >= 1e-3 ? String(format: "%.3f s", seconds) : String(format: "%.0f ns", seconds * 1e9)
    }

    private func best(of runs: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<runs {
            let d = clock.measure(body)
            best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return best
    }

    /// The best of `repeats` single-threaded primesieve runs, from its own `Seconds:` line.
    private func primesieveSeconds(upper: UInt64) -> Double? {
        var best: Double?
        for _ in 0..<repeats {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["primesieve", String(upper), "--count", "--threads=1", "--time", "-q"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            let seconds = output.split(separator: "\n").compactMap { line -> Double? in
                guard line.hasPrefix("Seconds:") else { return nil }
                return Double(line.dropFirst("Seconds:".count).trimmingCharacters(in: .whitespaces))
            }.first
            if let seconds { best = min(best ?? .infinity, seconds) }
        }
        return best
    }

    /// Primes drawn uniformly from the top half of the 64-bit range, seeded so runs compare.
    private func randomPrimes(_ count: Int) -> [UInt64] {
        var generator = SplitMix64(seed: 2009)
        var result: [UInt64] = []
        while result.count < count {
            let candidate = generator.next() | (1 << 63) | 1
            if let prime = try? Primes.nextPrime(after: candidate) { result.append(prime) }
        }
        return result
    }
}
