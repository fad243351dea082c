import Foundation
import GilsweepKernels
import Testing

/// The README's Swift example is the code between the markers below, compiled and
/// run here; a second test fails if the README's copy drifts from it.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func theExampleRunsAndGivesTheDocumentedAnswers() async throws {
        // README: begin
        let below1e6 = try Primes.count(in: 0..<1_000_000)            // 78498
        let isPrime = Primes.isPrime(18_446_744_073_709_551_557)      // true: the largest 64-bit prime
        let common = gcd(UInt64(1_071), 462)                          // 21
        let big = BigInteger("340282366920938463463374607431768211455")!  // 2^128 - 1
        let nextPrime = big.nextPrime()                               // 2^128 + 51
        let onTwoThreads = try await Primes.count(in: 0..<1_000_000_000, threads: 2)  // 50847534
        // README: end
        #expect(below1e6 == 78_498 && isPrime && common == 21)
        #expect(nextPrime.description == "340282366920938463463374607431768211507")
        #expect(onTwoThreads == 50_847_534)
    }

    @Test func theReadmeShowsThisExampleVerbatim() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// README: begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// README: end") })
        let example = lines[(begin + 1)..<end].map { $0.dropFirst(8) }.joined(separator: "\n")
        #expect(readme.contains("import GilsweepKernels\n\n" + example + "\n"), "README's Swift example differs from this test")
    }
}
