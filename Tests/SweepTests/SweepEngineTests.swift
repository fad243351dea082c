import Sweep
import Testing

@Suite("Sweep engine")
struct SweepEngineTests {
    @Test func quantilesMatchThePythonDefinition() {
        // Linear interpolation between order statistics, as gilsweep.stats.quantile.
        #expect(Statistics.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.quantile([4, 1, 3, 2], 0.25) == 1.75)
        #expect(Statistics.median([5]) == 5)
    }

    @Test(arguments: SweepKernel.allCases)
    func aMeasuredRowIsComplete(kernel: SweepKernel) {
        let engine = SweepEngine(repeats: 2, warmups: 0, targetSeconds: 0.002)
        let row = engine.measure(kernel, knob: kernel.defaultKnobs[1], threads: 2)
        #expect(row.runtime == "swift" && row.mode == "swift-threads" && row.kernel == kernel)
        #expect(row.calls >= 1 && row.repeats == 2 && row.threads == 2)
        #expect(row.perCallMicroseconds > 0 && row.sequentialSeconds > 0 && row.parallelSeconds > 0)
        #expect(row.speedupLow <= row.speedup && row.speedup <= row.speedupHigh)
        #expect(row.csvFields.count == SweepRow.columns.count)
    }

    @Test func csvHeaderListsTheSharedColumns() {
        #expect(SweepRow.csvHeader == "runtime,mode,kernel,knob,threads,calls,per_call_us,seq_s,par_s,speedup,speedup_lo,speedup_hi,repeats")
    }
}
