import ArgumentParser
import GilsweepKernels

/// Decimal arguments of any size, checked with messages that name the argument.
enum Arguments {
    static func integer(_ text: String, _ name: String) throws -> BigInteger {
        guard let value = BigInteger(text) else {
            throw ValidationError("\(name) must be a decimal integer, got '\(text)'")
        }
        return value
    }

    /// An integer in `range`; out of it, the error names the bound it broke
    /// (the command's own limit, not only what fits in 64 bits).
    static func uint64(
        _ text: String, _ name: String, in range: ClosedRange<UInt64> = 0...UInt64.max
    ) throws -> UInt64 {
        let value = try integer(text, name)
        guard value >= BigInteger(range.lowerBound) else {
            throw ValidationError(
                range.lowerBound == 0
                    ? "\(name) must not be negative, got \(text)"
                    : "\(name) must be at least \(range.lowerBound), got \(text)")
        }
        guard value <= BigInteger(range.upperBound), let result = value.uint64Value else {
            throw ValidationError("\(name) must be at most \(range.upperBound), got \(text)")
        }
        return result
    }
}

/// Writes lines to stdout in large chunks: `first-primes` can print millions.
struct LineWriter {
    private var buffer = ""

    mutating func write(_ line: some CustomStringConvertible) {
        buffer += line.description
        buffer += "\n"
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        print(buffer, terminator: "")
        buffer = ""
    }
}
