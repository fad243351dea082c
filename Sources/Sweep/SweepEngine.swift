import Kernels

/// Beazley's strong scaling with Swift threads and no GIL: each of T threads
/// makes `calls` calls; the sequential baseline makes T * calls on one thread;
/// speedup = T_seq / T_par. This is the ceiling the Python modes are read against.
public struct SweepEngine: Sendable {
    public var repeats: Int
    public var warmups: Int
    /// About how long each sequential measurement lasts.
    public var targetSeconds: Double

    public init(repeats: Int = 5, warmups: Int = 1, targetSeconds: Double = 0.04) {
        self.repeats = repeats
        self.warmups = warmups
        self.targetSeconds = targetSeconds
    }

    /// One row: the kernel at one knob with `threads` threads.
    public func measure(_ kernel: SweepKernel, knob: Int, threads: Int) -> SweepRow {
        let call = Self.call(kernel, knob: knob)
        let calls = calibrate(call, threads: threads)
        var sequential: [Double] = [], parallel: [Double] = []
        for round in 0..<(warmups + repeats) {
            let seq = ThreadTimer.sequential { for _ in 0..<(threads * calls) { call() } }
            let par = ThreadTimer.parallel(threads: threads) { _ in for _ in 0..<calls { call() } }
            if round >= warmups {
                sequential.append(seq)
                parallel.append(par)
            }
        }
        let speedups = zip(sequential, parallel).map { $0 / $1 }
        let seq = Statistics.median(sequential)
        return SweepRow(
            kernel: kernel, knob: knob, threads: threads, calls: calls,
            perCallMicroseconds: seq / Double(threads * calls) * 1e6,
            sequentialSeconds: seq, parallelSeconds: Statistics.median(parallel),
            speedup: Statistics.median(speedups), speedupLow: Statistics.quantile(speedups, 0.25),
            speedupHigh: Statistics.quantile(speedups, 0.75), repeats: repeats)
    }

    /// Calls per thread so that T * calls sequential calls last about targetSeconds.
    func calibrate(_ call: () -> Void, threads: Int) -> Int {
        var n = 1
        var elapsed = 0.0
        while true {
            elapsed = ThreadTimer.sequential { for _ in 0..<n { call() } }
            if elapsed >= targetSeconds / 10 || n >= 1 << 30 { break }
            n *= elapsed < targetSeconds / 100 ? 4 : 2
        }
        let perCall = max(elapsed / Double(n), 1e-10)
        return max(1, Int((targetSeconds / perCall / Double(threads)).rounded(.up)))
    }

    /// One call of the kernel at a knob; operands are made once, outside the timing.
    static func call(_ kernel: SweepKernel, knob: Int) -> @Sendable () -> Void {
        switch kernel {
        case .churn:
            return { churn(knob) }
        case .primes:
            let upper = UInt64(knob)
            return { _ = try? Primes.count(in: 0..<upper) }
        case .gcd:
            var random = SplitMix64(seed: 2009 &* 100_003 &+ UInt64(knob))
            if knob <= 64 {
                let shift = UInt64(64 - max(knob, 1))
                let a = (random.next() >> shift) | (1 << UInt64(max(knob, 1) - 1))
                let b = (random.next() >> shift) | (1 << UInt64(max(knob, 1) - 1))
                return { _ = gcd(a, b) }
            }
            let a = randomBigInteger(bits: knob, &random), b = randomBigInteger(bits: knob, &random)
            return { _ = a.greatestCommonDivisor(with: b) }
        }
    }

    static func randomBigInteger(bits: Int, _ random: inout SplitMix64) -> BigInteger {
        var bytes = (0..<((bits + 7) / 8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let topBits = bits - 8 * (bytes.count - 1)  // 1...8 bits used in the first byte
        bytes[0] = (bytes[0] & UInt8(truncatingIfNeeded: (1 << topBits) - 1)) | UInt8(truncatingIfNeeded: 1 << (topBits - 1))
        return BigInteger(bigEndianMagnitude: bytes)
    }
}

/// Steele, Lea and Flood's SplitMix64: seeded, so operands repeat across runs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
