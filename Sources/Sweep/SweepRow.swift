/// One row of a sweep: the Swift copy of the result schema. Python's copy is
/// `bindings/gilsweep/schema.py`; `bindings/tests/test_sweep.py` checks that both
/// write the same columns, so one report reads rows from either.
public struct SweepRow: Sendable, Equatable {
    public static let columns = [
        "runtime", "mode", "kernel", "knob", "threads", "calls", "per_call_us", "seq_s", "par_s",
        "speedup", "speedup_lo", "speedup_hi", "repeats",
    ]

    public var runtime = "swift"
    public var mode = "swift-threads"
    public var kernel: SweepKernel
    public var knob: Int
    public var threads: Int
    public var calls: Int
    /// The measured sequential time per call, in microseconds: the x axis.
    public var perCallMicroseconds: Double
    public var sequentialSeconds: Double
    public var parallelSeconds: Double
    public var speedup: Double
    public var speedupLow: Double
    public var speedupHigh: Double
    public var repeats: Int

    /// The values in `columns` order, as CSV fields.
    public var csvFields: [String] {
        [runtime, mode, kernel.rawValue, String(knob), String(threads), String(calls),
         String(perCallMicroseconds), String(sequentialSeconds), String(parallelSeconds), String(speedup),
         String(speedupLow), String(speedupHigh), String(repeats)]
    }

    public static var csvHeader: String { columns.joined(separator: ",") }
    public var csvLine: String { csvFields.joined(separator: ",") }
}

/// The kernels the sweep can drive, each with one work knob.
public enum SweepKernel: String, CaseIterable, Sendable {
    /// Knob: iterations of Beazley's spin loop.
    case churn
    /// Knob: bits of each operand (64: the binary gcd; more: GMP).
    case gcd
    /// Knob: the length L of the range [0, L) counted per call.
    case primes

    /// Log-spaced so a call takes about 50 ns to 1 ms; the same lists as the Python sweep's.
    public var defaultKnobs: [Int] {
        switch self {
        case .churn: [1, 10, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000]
        case .gcd: [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]
        case .primes: [10, 100, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000]
        }
    }
}
