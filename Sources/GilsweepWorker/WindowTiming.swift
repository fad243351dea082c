/// The raw result of one window: what the worker answers, before any statistics
/// (those are the parent's).
struct WindowTiming: Equatable, Sendable {
    /// Seconds from the release to the moment the last thread finished.
    let wallSeconds: Double
    /// Per thread, its chunk durations in seconds, in order.
    let chunkSeconds: [[Double]]
}
