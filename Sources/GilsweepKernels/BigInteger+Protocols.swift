internal import CSupport

extension BigInteger: ExpressibleByIntegerLiteral {
    /// Creates an integer from a literal of any size, such as
    /// `let big: BigInteger = 340282366920938463463374607431768211457`.
    ///
    /// The corresponding C function is `gs_bigint_set_bytes`.
    public init(integerLiteral literal: StaticBigInt) {
        // StaticBigInt gives two's-complement words, least significant first.
        let wordCount = (literal.bitWidth + UInt.bitWidth - 1) / UInt.bitWidth
        var words = (0..<wordCount).map { literal[$0] }
        let negative = literal.signum() < 0
        if negative {  // two's complement to magnitude: invert, add one
            var carry = true
            for index in words.indices {
                words[index] = ~words[index]
                if carry { (words[index], carry) = words[index].addingReportingOverflow(1) }
            }
        }
        let littleEndian = words.flatMap { word in
            (0..<MemoryLayout<UInt>.size).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
        }
        self.init(bigEndianMagnitude: littleEndian.reversed(), isNegative: negative)
    }
}

extension BigInteger: CustomStringConvertible {
    /// The value in decimal.
    ///
    /// The corresponding C function is `gs_bigint_get_string`.
    public var description: String { digits(radix: 10) }
}

extension BigInteger: Comparable, Hashable {
    /// The corresponding C function is `gs_bigint_compare`.
    public static func == (lhs: BigInteger, rhs: BigInteger) -> Bool {
        gs_bigint_compare(lhs.storage.handle, rhs.storage.handle) == 0
    }

    /// The corresponding C function is `gs_bigint_compare`.
    public static func < (lhs: BigInteger, rhs: BigInteger) -> Bool {
        gs_bigint_compare(lhs.storage.handle, rhs.storage.handle) < 0
    }

    /// Hashes the sign and magnitude, so equal values hash equally.
    ///
    /// The corresponding C function is `gs_bigint_get_bytes`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(bigEndianMagnitude)
    }
}
