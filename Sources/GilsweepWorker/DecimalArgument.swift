/// One operand of a request: a decimal integer string, `-?[0-9]+`.
///
/// Operands travel as strings because a gcd operand can have 65,536 bits. The
/// syntax is checked here, once, so the kernels' own parsers (Int, UInt64, GMP)
/// only ever see digits: no `+`, no spaces, no `0x`, nothing GMP would accept
/// that Python's `int()` would not, or the other way round.
struct DecimalArgument: Sendable {
    /// The text as sent.
    let text: String
    /// Whether the value is below zero (`-0` is zero, not negative).
    let isNegative: Bool
    /// `|value|` when it is below 2^64; `nil` when it is larger.
    let magnitude: UInt64?

    /// Parses `text`; `field` names the argument in the error (`args[0]`).
    init(_ text: String, field: String) throws(RequestError) {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw RequestError(field, "must be a decimal integer string, got \(RequestError.quote(text))")
        }
        self.text = text
        magnitude = UInt64(digits)  // nil only on overflow: the digits are valid
        isNegative = text.hasPrefix("-") && magnitude != 0
    }

    /// The value as a UInt64, or an error naming the field and the allowed range.
    func uint64(_ field: String) throws(RequestError) -> UInt64 {
        guard !isNegative, let magnitude else {
            throw RequestError(field, "must be in 0...\(UInt64.max), got \(RequestError.quote(text))")
        }
        return magnitude
    }

    /// The value as a non-negative Int, or an error naming the field and the allowed range.
    func nonNegativeInt(_ field: String) throws(RequestError) -> Int {
        guard !isNegative, let magnitude, let value = Int(exactly: magnitude) else {
            throw RequestError(field, "must be in 0...\(Int.max), got \(RequestError.quote(text))")
        }
        return value
    }
}
