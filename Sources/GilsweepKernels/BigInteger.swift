internal import CSupport

/// An arbitrary-precision signed integer, stored by GMP behind the C library's
/// opaque `gs_bigint` handle.
///
/// A value type: copies share one handle until one of them is mutated
/// (copy-on-write, as swift-crypto's `ArbitraryPrecisionInteger` does).
///
/// ```swift
/// let a: BigInteger = 1_000_000_000_000_000_000_000_000_007
/// let b = BigInteger("2000000000000000000000000000014")!
/// a.greatestCommonDivisor(with: b) == a   // true
/// ```
///
/// The corresponding C type is `gs_bigint`, made by `gs_bigint_create`.
public struct BigInteger: Sendable {
    var storage: Storage

    /// Zero.
    init() { storage = Storage() }

    /// Creates an integer equal to `value`.
    ///
    /// The corresponding C function is `gs_bigint_set_i64`.
    public init(_ value: Int) {
        storage = Storage()
        gs_bigint_set_i64(storage.handle, Int64(value))
    }

    /// Creates an integer equal to `value`.
    ///
    /// The corresponding C function is `gs_bigint_set_u64`.
    public init(_ value: UInt64) {
        storage = Storage()
        gs_bigint_set_u64(storage.handle, value)
    }

    /// Parses `text` in base `radix` (2...62): an optional `+` or `-`, then digits
    /// `0-9` and letters, read as GMP does (case is ignored up to base 36; above it
    /// `A-Z` are 10...35 and `a-z` are 36...61). Returns `nil` for an
    /// empty string, whitespace, a prefix such as `0x`, a digit too large for the
    /// radix, or a radix outside 2...62.
    ///
    /// The corresponding C function is `gs_bigint_set_string`.
    public init?(_ text: String, radix: Int = 10) {
        guard (2...62).contains(radix) else { return nil }
        let value = BigInteger()
        let status = text.withCString { gs_bigint_set_string(value.storage.handle, $0, Int32(radix)) }
        guard status == GS_OK else { return nil }
        self = value
    }

    /// Creates an integer from its magnitude, most significant byte first, and its sign.
    /// An empty magnitude is zero (and zero is never negative).
    ///
    /// The corresponding C function is `gs_bigint_set_bytes`.
    public init(bigEndianMagnitude magnitude: some Collection<UInt8>, isNegative: Bool = false) {
        storage = Storage()
        let bytes = Array(magnitude)
        bytes.withUnsafeBufferPointer {
            _ = gs_bigint_set_bytes(storage.handle, $0.baseAddress, $0.count, 1, isNegative ? 1 : 0)
        }
    }

    /// The magnitude `|self|`, most significant byte first, with no leading zero
    /// bytes; empty for zero.
    ///
    /// The corresponding C function is `gs_bigint_get_bytes`.
    public var bigEndianMagnitude: [UInt8] {
        let count = gs_bigint_byte_length(storage.handle)
        // Zero: a literal empty array. Array(unsafeUninitializedCapacity: 0) writes
        // its count into the runtime's shared empty-array storage, which TSan
        // reports as a race with any other thread reading an empty array.
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var written = 0
            _ = gs_bigint_get_bytes(storage.handle, buffer.baseAddress, count, 1, &written, nil)
            initialized = written
        }
    }

    /// Whether the value is below zero.
    ///
    /// The corresponding C function is `gs_bigint_compare`.
    public var isNegative: Bool { self < BigInteger() }

    /// The value as a `UInt64`, or `nil` when it is negative or needs more than 64 bits.
    ///
    /// The corresponding C function is `gs_bigint_get_u64`.
    public var uint64Value: UInt64? {
        var value: UInt64 = 0
        return gs_bigint_get_u64(storage.handle, &value) != 0 ? value : nil
    }

    /// The digits of the value in base `radix` (2...62), lower-case up to base 36
    /// and `0-9A-Za-z` above,
    /// with a leading `-` when negative.
    ///
    /// The corresponding C function is `gs_bigint_get_string`.
    public func digits(radix: Int = 10) -> String {
        precondition((2...62).contains(radix), "radix must be in 2...62, got \(radix)")
        let capacity = gs_bigint_string_capacity(storage.handle, Int32(radix))
        var buffer = [CChar](repeating: 0, count: capacity)
        _ = gs_bigint_get_string(storage.handle, Int32(radix), &buffer, capacity)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Replaces the value with its negation.
    ///
    /// The corresponding C function is `gs_bigint_set_bytes`.
    public mutating func negate() {
        let negative = !isNegative
        let magnitude = bigEndianMagnitude
        let handle = mutableHandle
        magnitude.withUnsafeBufferPointer {
            _ = gs_bigint_set_bytes(handle, $0.baseAddress, $0.count, 1, negative ? 1 : 0)
        }
    }

    /// The negation of `value`.
    ///
    /// The corresponding C function is `gs_bigint_set_bytes`.
    public static prefix func - (value: BigInteger) -> BigInteger {
        var result = value
        result.negate()
        return result
    }

    /// The handle to write through: the one way to mutate a value, so no
    /// mutating method can forget copy-on-write. When another value shares the
    /// storage, it is copied first (swift-crypto's and swift-system's pattern).
    /// Read through `storage.handle`; write only through this.
    var mutableHandle: OpaquePointer {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage.handle
        }
    }
}

extension BigInteger {
    /// The owner of one `gs_bigint` handle; frees it when the last value lets go.
    final class Storage: @unchecked Sendable {
        // @unchecked: the handle is only written while uniquely referenced
        // (BigInteger.mutableHandle) or before the storage is shared; the C
        // library allows concurrent reads.
        let handle: OpaquePointer

        init() {
            var handle: OpaquePointer?
            guard gs_bigint_create(&handle) == GS_OK, let handle else {
                fatalError("gilsweep: out of memory allocating a BigInteger")
            }
            self.handle = handle
        }

        deinit { gs_bigint_destroy(handle) }

        func copy() -> Storage {
            let new = Storage()
            gs_bigint_copy(new.handle, handle)
            return new
        }
    }
}
