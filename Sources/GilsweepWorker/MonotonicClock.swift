#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_MONOTONIC in nanoseconds: one vDSO call, no allocation, comparable
/// across threads, so stamps taken on different threads of a window subtract.
enum MonotonicClock {
    @inline(__always)
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Sleeps at least `duration` nanoseconds by this clock (nanosleep can wake
    /// early on a signal; the loop sleeps again for what is left).
    static func sleep(nanoseconds duration: UInt64) {
        let deadline = nanoseconds() + duration
        while true {
            let now = nanoseconds()
            guard now < deadline else { return }
            let left = deadline - now
            var request = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
            _ = nanosleep(&request, nil)
        }
    }
}
