internal import CSupport

/// Spins `n` times in C: David Beazley's `while (n > 0) n--;`, the work knob of his
/// 2009 GIL measurements. The loop is kept by a compiler barrier, so its cost is
/// linear in `n` (about one cycle per step); `n <= 0` returns at once.
///
/// The corresponding C function is `gs_churn`.
public func churn(_ n: Int) {
    gs_churn(Int64(n))
}
