internal import CSupport

/// A C `int` that a sieve reads between segments, raised from a task's
/// cancellation handler. A class, so the handler can keep it alive even if it
/// runs while the call is returning.
final class CancellationFlag: @unchecked Sendable {
    // @unchecked: the pointee is only touched through gs_cancel_flag_* (atomic
    // stores) and the sieve's atomic loads.
    let pointer: UnsafeMutablePointer<Int32>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    deinit { pointer.deallocate() }

    func raise() { gs_cancel_flag_raise(pointer) }
}
