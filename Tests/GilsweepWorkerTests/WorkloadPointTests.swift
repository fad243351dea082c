@testable import GilsweepWorker
import Testing

@Suite("Operands")
struct WorkloadPointTests {
    @Test(arguments: [
        ["12", "18"], ["0", "0"], ["-18446744073709551615", "18446744073709551615"], ["-0", "007"],
    ])
    func gcdOfMagnitudesBelow2To64TakesThe64BitPath(args: [String]) throws {
        #expect(try WorkloadPoint(workload: .gcd, args: args).gcdPath == .binary64)
    }

    @Test(arguments: [
        ["18446744073709551616", "1"], ["1", "-18446744073709551616"],
        [String(repeating: "9", count: 20_000), String(repeating: "7", count: 19_000)],
    ])
    func gcdWithAMagnitudeOf2To64OrMoreTakesGMP(args: [String]) throws {
        #expect(try WorkloadPoint(workload: .gcd, args: args).gcdPath == .gmp)
    }

    @Test func otherWorkloadsHaveNoGCDPath() throws {
        #expect(try WorkloadPoint(workload: .churn, args: ["10"]).gcdPath == nil)
        #expect(try WorkloadPoint(workload: .primes, args: ["0", "18446744073709551615"]).gcdPath == nil)
    }

    @Test func aBatchPointTakesEveryItemAndNamesABadOne() throws {
        #expect(try WorkloadPoint(workload: .primesBatch, args: ["2", "18446744073709551557"]).gcdPath == nil)
        #expect(throws: RequestError.self) { try WorkloadPoint(workload: .primesBatch, args: []) }
        #expect(try WorkloadPoint(workload: .gcdBatch, args: ["12", "7", "18", "21"]).gcdPath == .binary64)
        #expect(throws: RequestError.self) { try WorkloadPoint(workload: .gcdBatch, args: ["12", "7", "18"]) }
        do {
            _ = try WorkloadPoint(workload: .primesBatch, args: ["7", "11", "-1"])
            Issue.record("a negative item was accepted")
        } catch {
            #expect("\(error)".contains("args[2]"))
        }
    }

    @Test func decimalSyntaxIsStrict() {
        for text in ["", "-", "+1", " 1", "1 ", "0x10", "1e3", "1.0", "1_000", "--1", "١"] {
            #expect(throws: RequestError.self, "\(text)") { try DecimalArgument(text, field: "args[0]") }
        }
        #expect((try? DecimalArgument("-0", field: "f"))?.isNegative == false)
        #expect((try? DecimalArgument("-5", field: "f"))?.magnitude == 5)
        #expect((try? DecimalArgument("18446744073709551616", field: "f"))?.magnitude == nil)
    }

    @Test func theCacheParsesEachPointOnce() throws {
        let cache = PointCache(capacity: 2)
        _ = try cache.point(.churn, args: ["1"])
        _ = try cache.point(.churn, args: ["1"])
        #expect(cache.count == 1)
        _ = try cache.point(.gcd, args: ["1", "2"])
        #expect(cache.count == 2)
        #expect(throws: RequestError.self) { try cache.point(.churn, args: ["-1"]) }
        #expect(cache.count == 2)  // errors are not cached
        _ = try cache.point(.primes, args: ["1", "2"])  // full: starts over
        #expect(cache.count == 1)
    }
}
