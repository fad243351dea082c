internal import CSupport

/// The answer of a probabilistic primality test, as GMP gives it.
///
/// The corresponding C function is `gs_bigint_probab_prime`.
public enum Primality: Int, Sendable, Hashable {
    /// Certainly composite (GMP's 0).
    case composite = 0
    /// Probably prime (GMP's 1): no test found a witness.
    case probablyPrime = 1
    /// Certainly prime (GMP's 2), for example a value small enough to be proven.
    case prime = 2
}

extension BigInteger {
    /// The greatest common divisor of `self` and `other`, never negative
    /// (GMP's subquadratic `mpz_gcd`).
    ///
    /// The corresponding C function is `gs_bigint_gcd`.
    public func greatestCommonDivisor(with other: BigInteger) -> BigInteger {
        let result = BigInteger()
        gs_bigint_gcd(result.storage.handle, storage.handle, other.storage.handle)
        return result
    }

    /// GMP's probable-prime test: Baillie-PSW, then `rounds - 24` extra
    /// Miller-Rabin rounds with random bases. Exact below 2^64. A negative value
    /// is tested by its magnitude, as GMP does.
    ///
    /// - Throws: ``KernelError/outOfRange`` unless `rounds` is in 1...1000.
    ///
    /// The corresponding C function is `gs_bigint_probab_prime`.
    public func primality(rounds: Int = 25) throws(KernelError) -> Primality {
        guard (1...1000).contains(rounds) else { throw .outOfRange }
        var answer: Int32 = 0
        try check(gs_bigint_probab_prime(storage.handle, Int32(rounds), &answer))
        return Primality(rawValue: Int(answer)) ?? .composite
    }

    /// Whether the value is prime or probably prime by ``primality(rounds:)``;
    /// values below 2 are not prime.
    ///
    /// The corresponding C function is `gs_bigint_probab_prime`.
    public func isProbablePrime(rounds: Int = 25) throws(KernelError) -> Bool {
        guard self > BigInteger(1) else { return false }
        return try primality(rounds: rounds) != .composite
    }

    /// The smallest probable prime strictly greater than `self` (2 for anything below 2).
    ///
    /// The corresponding C function is `gs_bigint_next_prime`.
    public func nextPrime() -> BigInteger {
        let result = BigInteger()
        gs_bigint_next_prime(result.storage.handle, storage.handle)
        return result
    }
}
