#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable POSIX thread of its own, for measured work.
///
/// Why not a Task, Dispatch or Foundation's Thread: on Linux the Swift
/// cooperative pool and Dispatch's global queues share one small set of
/// threads (one per core), so "T threads" there would not be T threads; and
/// Foundation's Thread cannot be joined. Joining matters: a window ends only
/// when its threads are gone, so their exit never overlaps the next window.
struct PosixThread {
    private let handle: pthread_t

    private init(handle: pthread_t) { self.handle = handle }

    /// Starts `body` on a new thread; `nil` when the system refuses one
    /// (pthread_create's error, e.g. EAGAIN at a thread limit).
    static func start(_ body: @escaping @Sendable () -> Void) -> PosixThread? {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        #if canImport(Darwin)
        var handle: pthread_t?
        #else
        var handle = pthread_t()
        #endif
        let status = pthread_create(&handle, nil, { raw in
            let pointer: UnsafeMutableRawPointer? = raw  // optional on Linux, not on Darwin
            Unmanaged<Box>.fromOpaque(pointer!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Darwin)
        return PosixThread(handle: handle!)
        #else
        return PosixThread(handle: handle)
        #endif
    }

    /// Waits for the thread to finish; everything it wrote is visible afterwards.
    func join() {
        _ = pthread_join(handle, nil)
    }
}
