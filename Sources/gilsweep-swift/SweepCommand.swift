import ArgumentParser
import Foundation
import Sweep

/// `gilsweep-swift sweep`: the GIL-free ceiling. Alone it prints a table; the
/// Python sweep runs it with `--format csv` and reads the rows (same columns).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Measure 1-thread vs N-thread speedup against work per call, with Swift threads (no GIL).")

    @Option(help: "Kernel: churn, gcd or primes.") var kernel = "churn"
    @Option(help: "Comma-separated knob values (default: the kernel's log-spaced list).") var knobs: String?
    @Option(help: "Comma-separated thread counts.") var threads = "2"
    @Option(help: "Measured repeats per point.") var repeats = 5
    @Option(help: "Seconds per sequential measurement, about.") var targetSeconds = 0.04
    @Option(help: "Output: table or csv.") var format = "table"

    func run() throws {
        guard let kernel = SweepKernel(rawValue: kernel) else {
            throw ValidationError("unknown kernel '\(kernel)'; valid kernels: churn, gcd, primes")
        }
        let knobValues = try knobs.map { try positiveList($0, "--knobs") } ?? kernel.defaultKnobs
        let threadCounts = try positiveList(threads, "--threads")
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard targetSeconds > 0, targetSeconds <= 60 else {
            throw ValidationError("--target-seconds must be in (0, 60], got \(targetSeconds)")
        }
        guard ["table", "csv"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; valid formats: table, csv")
        }
        let engine = SweepEngine(repeats: repeats, targetSeconds: targetSeconds)
        if format == "csv" { print(SweepRow.csvHeader) } else {
            print("| knob | threads | calls | per call | speedup | IQR |")
            print("|---|---|---|---|---|---|")
        }
        for count in threadCounts {
            for knob in knobValues {
                let row = engine.measure(kernel, knob: knob, threads: count)
                if format == "csv" {
                    print(row.csvLine)
                } else {
                    let perCall = row.perCallMicroseconds
                    print("| \(knob) | \(count) | \(row.calls) | \(perCall < 1 ? "\(Int((perCall * 1000).rounded())) ns" : "\((perCall * 100).rounded() / 100) µs") | \((row.speedup * 100).rounded() / 100)x | \((row.speedupLow * 100).rounded() / 100)–\((row.speedupHigh * 100).rounded() / 100) |")
                }
            }
        }
    }

    private func positiveList(_ text: String, _ name: String) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("\(name) must be comma-separated positive integers, got '\(text)'")
        }
        return values.map { $0! }
    }
}
