/// Robust summaries of repeated timings: quantiles by linear interpolation
/// (the same definition as the Python sweep's `stats.quantile`).
public enum Statistics {
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "quantile of no values")
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }
}
