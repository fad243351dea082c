/// Parsed points by (workload, args), so repeated windows of one point parse nothing.
///
/// The parent times each point in many windows (warm-ups, repeats, thread
/// counts); a 65,536-bit gcd operand costs a GMP parse, and parsing must stay
/// out of every timing anyway. Errors are not cached: they are rare and cheap.
final class PointCache {
    struct Key: Hashable {
        let workload: WorkloadPoint.Workload
        let args: [String]
    }

    /// More points than any sweep holds at once; past it the cache starts over,
    /// so a worker that lives for many sweeps does not grow without bound.
    let capacity: Int
    private var points: [Key: WorkloadPoint] = [:]

    init(capacity: Int = 4096) {
        precondition(capacity >= 1, "a cache of no points")
        self.capacity = capacity
    }

    /// How many points are parsed and kept.
    var count: Int { points.count }

    /// The point for `workload` and `args`, parsed on first use.
    func point(_ workload: WorkloadPoint.Workload, args: [String]) throws(RequestError) -> WorkloadPoint {
        let key = Key(workload: workload, args: args)
        if let point = points[key] { return point }
        let point = try WorkloadPoint(workload: workload, args: args)
        if points.count >= capacity { points.removeAll(keepingCapacity: true) }
        points[key] = point
        return point
    }
}
