import ArgumentParser
import Foundation

/// `gilsweep-swift`: the kernels from the shell, one bare result per line, and
/// `worker`, the Swift measurement worker the Python sweep drives.
@main
struct GilsweepSwift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gilsweep-swift",
        abstract: "Call the gilsweep C kernels from Swift: prime counting, primality, gcd, churn.",
        version: Version.line,
        subcommands: [
            CountPrimes.self, IsPrime.self, GCD.self, NextPrime.self, FirstPrimes.self, Churn.self,
            Bench.self, WorkerCommand.self,
        ]
    )

    /// Like ArgumentParser's main, but a failure is one line on stderr (no usage
    /// block), so scripts and the Python sweep can show it as it is; and `-4` is a
    /// number, not an option, for the kernel subcommands (NegativeNumbers.swift).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var parsed = false
        do {
            var command = try parseAsRoot(NegativeNumbers.rewrite(arguments))
            parsed = true
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {  // --help and --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var line = message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
            if line.hasPrefix("Error: ") { line.removeFirst("Error: ".count) }
            if !parsed, let option = NegativeNumbers.unknownOption(in: arguments) { line = "Unknown option '\(option)'" }
            FileHandle.standardError.write(Data("gilsweep-swift: \(line)\n".utf8))
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
