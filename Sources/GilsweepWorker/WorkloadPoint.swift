import GilsweepKernels

/// One point of a sweep, ready to time: a workload with its operands parsed and
/// one call of it wrapped in a closure.
///
/// The Swift half of the workload registry (the Python half is
/// bindings/gilsweep/core/registry.py): a workload the worker can time is one
/// case of ``Workload`` and one case of the switch below.
///
/// The closure is made once per point (see ``PointCache``), so the timed loop is
/// an indirect call and a counter: no parsing, lookup or allocation of ours in it.
struct WorkloadPoint: Sendable {
    /// The workloads a request can name.
    enum Workload: String, CaseIterable, Sendable {
        case churn, gcd, primes
        /// `isPrime` over every item of `args`, one call: the batch workload's GIL-free ceiling.
        case primesBatch = "primes-batch"
        /// `gcd(a[i], b[i])` for every pair: `args` holds the a column, then the b column.
        case gcdBatch = "gcd-batch"
    }

    /// Which gcd algorithm a gcd point times.
    ///
    /// Both magnitudes below 2^64: the C binary gcd on UInt64; otherwise GMP.
    /// Python and ctypes choose by the same rule, so every runtime times the
    /// same algorithm for the same operands.
    enum GCDPath: Equatable, Sendable {
        case binary64
        case gmp
    }

    let workload: Workload
    /// The gcd algorithm for a gcd point; `nil` for the other workloads.
    let gcdPath: GCDPath?
    /// One call of the kernel on the point's operands; the result is dropped.
    let call: @Sendable () -> Void

    /// Parses `args` for `workload`; errors name the argument (`args`, `args[1]`).
    init(workload: Workload, args: [String]) throws(RequestError) {
        self.workload = workload
        switch workload {
        case .churn:
            let texts = try Self.expect(args, names: ["n"], workload)
            let n = try DecimalArgument(texts[0], field: "args[0]").nonNegativeInt("args[0]")
            gcdPath = nil
            call = { churn(n) }
        case .primes:
            let texts = try Self.expect(args, names: ["lo", "hi"], workload)
            let lo = try DecimalArgument(texts[0], field: "args[0]").uint64("args[0]")
            let hi = try DecimalArgument(texts[1], field: "args[1]").uint64("args[1]")
            // Checked here, not in the loop: a Range with lo > hi would trap, and the
            // C kernel's error would only surface as garbage timings.
            guard lo <= hi else { throw RequestError("args", "primes needs lo <= hi, got lo=\(lo) hi=\(hi)") }
            let range = lo..<hi
            gcdPath = nil
            call = { _ = try? Primes.count(in: range) }
        case .primesBatch:
            guard !args.isEmpty else { throw RequestError("args", "primes-batch takes 1 or more items, got 0") }
            var items: [UInt64] = []
            items.reserveCapacity(args.count)
            for (index, text) in args.enumerated() {
                items.append(try DecimalArgument(text, field: "args[\(index)]").uint64("args[\(index)]"))
            }
            let values = items
            gcdPath = nil
            // The same loop as gs_is_prime_many, item by item through the Swift API.
            call = {
                for value in values { _ = Primes.isPrime(value) }
            }
        case .gcdBatch:
            guard !args.isEmpty, args.count % 2 == 0 else {
                throw RequestError("args", "gcd-batch takes the a column then the b column, an even count, got \(args.count)")
            }
            var items: [UInt64] = []
            items.reserveCapacity(args.count)
            for (index, text) in args.enumerated() {
                items.append(try DecimalArgument(text, field: "args[\(index)]").uint64("args[\(index)]"))
            }
            let a = Array(items[..<(items.count / 2)]), b = Array(items[(items.count / 2)...])
            gcdPath = .binary64
            call = {
                for index in a.indices { _ = gcd(a[index], b[index]) }
            }
        case .gcd:
            let texts = try Self.expect(args, names: ["a", "b"], workload)
            let a = try DecimalArgument(texts[0], field: "args[0]")
            let b = try DecimalArgument(texts[1], field: "args[1]")
            if let x = a.magnitude, let y = b.magnitude {
                gcdPath = .binary64
                call = { _ = gcd(x, y) }
            } else {
                // The syntax is checked, so GMP cannot refuse these digits.
                guard let x = BigInteger(a.text), let y = BigInteger(b.text) else {
                    throw RequestError("args", "GMP could not parse the operands")
                }
                gcdPath = .gmp
                call = { _ = x.greatestCommonDivisor(with: y) }
            }
        }
    }

    /// `args` when it has one entry per name; otherwise an error listing the names.
    private static func expect(_ args: [String], names: [String], _ workload: Workload) throws(RequestError) -> [String] {
        guard args.count == names.count else {
            let expected = names.count == 1 ? "1 argument" : "\(names.count) arguments"
            throw RequestError(
                "args", "\(workload.rawValue) takes \(expected) [\(names.joined(separator: ", "))], got \(args.count)")
        }
        return args
    }
}
