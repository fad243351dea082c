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

    static func uint64(_ text: String, _ name: String) throws -> UInt64 {
        let value = try integer(text, name)
        guard !value.isNegative else { throw ValidationError("\(name) must not be negative, got \(text)") }
        guard let result = value.uint64Value else {
            throw ValidationError("\(name) must be at most 18446744073709551615, got \(text)")
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
