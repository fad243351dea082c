import ArgumentParser
import Foundation
import GilsweepKernels
import SeededRandom

/// Kernel speed next to named peers in one run: the primesieve CLI for counting,
/// GMP's mpz_probab_prime_p for primality. Ratios, not absolute times, are the claim.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark prime counting against primesieve and is-prime against GMP (best of --repeats).")

    @Option(help: "Runs of each measurement; the best is reported.") var repeats = 3
    @Option(help: "Random 64-bit primes for the is-prime throughput.") var primes = 20_000
    @Flag(help: "Skip the slow counts ([0, 1e10) and 10^9 numbers below 2^64).") var quick = false

    /// One row of issue 11's table: a range counted by gilsweep and by primesieve
    /// with the same number of threads.
    private struct CountCase {
        let label: String
        let range: Range<UInt64>
        let threads: Int
        let slow: Bool
    }

    private static let top = UInt64.max
    private static let countCases = [
        CountCase(label: "[0, 1e9)", range: 0..<1_000_000_000, threads: 1, slow: false),
        CountCase(label: "[0, 1e10)", range: 0..<10_000_000_000, threads: 1, slow: true),
        CountCase(label: "[0, 1e10)", range: 0..<10_000_000_000, threads: 2, slow: true),
        CountCase(label: "10^8 numbers below 2^64", range: (top - 100_000_000)..<top, threads: 1, slow: false),
        CountCase(label: "10^9 numbers below 2^64", range: (top - 1_000_000_000)..<top, threads: 1, slow: true),
    ]

    func run() async throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard primes >= 1 else { throw ValidationError("--primes must be at least 1, got \(primes)") }
        print("| measurement | gilsweep | peer | peer time | gilsweep / peer |")
        print("|---|---|---|---|---|")
        for item in Self.countCases where !(quick && item.slow) {
            // Interleaved: one run of each per round, so a slow spell of the
            // machine hits both sides; the best of each is kept.
            var ours = Double.infinity
            var peer: Double?
            for _ in 0..<repeats {
                ours = min(ours, try await seconds(counting: item.range, threads: item.threads))
                if let run = primesieveSeconds(item.range, threads: item.threads) {
                    peer = min(peer ?? .infinity, run)
                }
            }
            let label = "count primes in \(item.label), \(item.threads) thread\(item.threads == 1 ? "" : "s")"
            let peerName = peer == nil ? "primesieve (not installed)" : "primesieve --threads=\(item.threads)"
            row(label, ours, peerName, peer)
        }
        if !quick { peakMemoryRow() }
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

    private func seconds(counting range: Range<UInt64>, threads: Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        _ = threads == 1 ? try Primes.count(in: range) : try await Primes.count(in: range, threads: threads)
        return Self.seconds(clock.now - start)
    }

    /// Peak resident memory of `gilsweep-swift count-primes 0 10000000000` and
    /// of primesieve on the same range, each a child process of its own, next
    /// to the Swift runtime's own baseline (`gilsweep-swift is-prime 7`).
    private func peakMemoryRow() {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        guard let ours = peakKilobytes([executable, "count-primes", "0", "10000000000"]),
              let baseline = peakKilobytes([executable, "is-prime", "7"])
        else { return }
        let peer = peakKilobytes(["/usr/bin/env", "primesieve", "0", "9999999999", "--count", "--threads=1", "-q"])
        func megabytes(_ kilobytes: Int) -> String { String(format: "%.1f MB", Double(kilobytes) / 1024) }
        let ratio = peer.map { String(format: "%.2fx", Double(ours) / Double($0)) } ?? "-"
        print("| peak RSS, count primes in [0, 1e10) (is-prime 7: \(megabytes(baseline))) | \(megabytes(ours)) "
              + "| primesieve --threads=1 | \(peer.map(megabytes) ?? "-") | \(ratio) |")
    }

    /// Runs `arguments` (the first is the executable) with stdout and stderr
    /// discarded and returns its peak resident set in KiB: the last `VmHWM` read
    /// from /proc every 2 ms before it exits. (wait4's ru_maxrss would not do:
    /// it keeps the high-water mark of this process, which the child shares
    /// until its exec.)
    private func peakKilobytes(_ arguments: [String]) -> Int? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return nil }
        var peak: Int?
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = kilobytes
            }
            usleep(2_000)
        }
        return status == 0 ? peak : nil
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
            best = min(best, Self.seconds(clock.measure(body)))
        }
        return best
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// One primesieve run over `range` (its interval is closed), from its own
    /// `Seconds:` line, which leaves out its process start-up as ours does.
    private func primesieveSeconds(_ range: Range<UInt64>, threads: Int) -> Double? {
        guard !range.isEmpty else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["primesieve", String(range.lowerBound), String(range.upperBound - 1),
                             "--count", "--threads=\(threads)", "--time", "-q"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return output.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Seconds:") else { return nil }
            return Double(line.dropFirst("Seconds:".count).trimmingCharacters(in: .whitespaces))
        }.first
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
