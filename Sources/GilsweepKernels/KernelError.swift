internal import CSupport

/// An error from a gilsweep kernel: the Swift face of the C library's `gs_status` codes.
///
/// The corresponding C function is `gs_status_message`.
public enum KernelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Malformed input: a bad digit or base, a range whose lower bound is above its upper bound.
    case invalidArgument
    /// An input or the answer does not fit the kernel's types (for example, no 64-bit prime follows).
    case outOfRange
    /// An allocation failed; nothing was changed.
    case outOfMemory
    /// The call was cancelled (its `Task` was cancelled) before it finished.
    case cancelled

    /// Maps a C status to an error; `nil` for `GS_OK`.
    init?(status: gs_status) {
        switch status {
        case GS_OK: return nil
        case GS_INVALID_ARGUMENT: self = .invalidArgument
        case GS_OUT_OF_RANGE: self = .outOfRange
        case GS_OUT_OF_MEMORY: self = .outOfMemory
        case GS_CANCELLED: self = .cancelled
        default:
            // GS_BUFFER_TOO_SMALL cannot reach callers: the wrappers size every buffer.
            preconditionFailure("unexpected gs_status \(status.rawValue)")
        }
    }

    var status: gs_status {
        switch self {
        case .invalidArgument: GS_INVALID_ARGUMENT
        case .outOfRange: GS_OUT_OF_RANGE
        case .outOfMemory: GS_OUT_OF_MEMORY
        case .cancelled: GS_CANCELLED
        }
    }

    /// The C library's message for this error.
    ///
    /// The corresponding C function is `gs_status_message`.
    public var description: String { String(cString: gs_status_message(status.rawValue)) }
}

/// Throws the error for a non-`GS_OK` status.
@inline(__always)
func check(_ status: gs_status) throws(KernelError) {
    if let error = KernelError(status: status) { throw error }
}
