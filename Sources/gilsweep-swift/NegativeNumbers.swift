/// Negative numbers as values: swift-argument-parser reads a token such as `-4`
/// as an option, never as a positional value or an option's value
/// (https://github.com/apple/swift-argument-parser/issues/31), so `gcd -4 6` said
/// "Missing expected argument '<b>'". Before parsing, `main` passes the arguments
/// through `rewrite`, which changes them only for the number subcommands and only
/// when a token is a negative decimal integer (`-` and digits): the options stay
/// in front in their order, a value option's value joined to it (`--threads -1`
/// becomes `--threads=-1`), and the positional values follow a `--` at the end in
/// their order. `gcd -4 6` is parsed as `gcd -- -4 6`; `--help` and options work
/// in any position as before. `worker`, `bench` and `help` are not touched.
enum NegativeNumbers {
    /// Each subcommand whose positional arguments are numbers, and its options
    /// that take a value (keep in step with KernelCommands.swift).
    static let commands: [String: Set<String>] = [
        "count-primes": ["--threads"], "is-prime": [], "gcd": [], "next-prime": [], "first-primes": [], "churn": [],
    ]

    /// `arguments` (without the program name) as the parser should see them.
    static func rewrite(_ arguments: [String]) -> [String] {
        guard let command = arguments.first, let valueOptions = commands[command],
            arguments.dropFirst().contains(where: isNegativeInteger)
        else { return arguments }
        var options: [String] = [], values: [String] = []
        var rest = arguments.dropFirst()
        while let token = rest.popFirst() {
            if token == "--" {
                values += rest
                break
            } else if !isOption(token) {
                values.append(token)
            } else if valueOptions.contains(token), let value = rest.first, !isOption(value) {
                options.append("\(token)=\(value)")
                rest.removeFirst()
            } else {
                options.append(token)
            }
        }
        return [command] + options + ["--"] + values
    }

    /// The first token of a number subcommand that reads as an option it does not
    /// have (`gcd -x 4`, `is-prime -7x`), or nil. When parsing fails, the parser
    /// reports the positional value the token took the place of ("Missing expected
    /// argument '<b>'"); the token itself is the better message.
    static func unknownOption(in arguments: [String]) -> String? {
        guard let command = arguments.first, let valueOptions = commands[command] else { return nil }
        for token in arguments.dropFirst() {
            if token == "--" { return nil }
            let name = String(token.prefix { $0 != "=" })
            if isOption(token) && !valueOptions.contains(name) && !["-h", "--help", "--version"].contains(name) {
                return token
            }
        }
        return nil
    }

    /// A negative decimal integer: `-` and one or more ASCII digits.
    static func isNegativeInteger(_ token: String) -> Bool {
        let bytes = token.utf8
        return bytes.count > 1 && bytes.first == UInt8(ascii: "-")
            && bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// What the parser would take for an option (a lone `-` is a value, as there).
    private static func isOption(_ token: String) -> Bool {
        token.hasPrefix("-") && token != "-" && !isNegativeInteger(token)
    }
}
