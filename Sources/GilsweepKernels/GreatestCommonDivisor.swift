internal import CSupport

/// The greatest common divisor of two unsigned 64-bit integers, by the binary
/// (Stein) algorithm; `gcd(0, 0) == 0`. O(log max(a, b)) steps.
///
/// The corresponding C function is `gs_gcd_u64`.
public func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    gs_gcd_u64(a, b)
}

/// The greatest common divisor of the magnitudes of two signed 64-bit integers.
///
/// The result is unsigned so that `gcd(Int64.min, 0) == 1 << 63` is representable.
///
/// The corresponding C function is `gs_gcd_i64`.
public func gcd(_ a: Int64, _ b: Int64) -> UInt64 {
    gs_gcd_i64(a, b)
}
