#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX thread of its own: the package's one thread launcher, for the
/// parallel prime count here and the worker's measured windows (hence
/// `package`, not `public`).
///
/// Why not a Task, Dispatch or Foundation's Thread: on Linux the Swift
/// cooperative pool and Dispatch's global queues share one small set of
/// threads (one per core), so "T threads" there would not be T threads, and a
/// long blocking C call there starves every other task, including the one that
/// would cancel it. Foundation's Thread cannot be joined, and the worker needs
/// to join: a window ends only when its threads are gone, so their exit never
/// overlaps the next window. Threads get the system's default attributes
/// (stack size included).
package struct PosixThread {
    /// pthread_create's nonzero status, e.g. EAGAIN at a thread limit.
    package struct StartError: Error {
        package let status: Int32
    }

    private let handle: pthread_t

    private init(handle: pthread_t) { self.handle = handle }

    /// Starts `body` on a new joinable thread; join or detach it exactly once.
    ///
    /// - Throws: ``StartError`` when the system refuses a thread.
    package static func start(_ body: @escaping @Sendable () -> Void) throws(StartError) -> PosixThread {
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
            throw StartError(status: status)
        }
        #if canImport(Darwin)
        return PosixThread(handle: handle!)
        #else
        return PosixThread(handle: handle)
        #endif
    }

    /// Waits for the thread to finish; everything it wrote is visible afterwards.
    package func join() {
        _ = pthread_join(handle, nil)
    }

    /// Lets the thread finish on its own; it must not be joined afterwards.
    func detach() {
        _ = pthread_detach(handle)
    }
}
