import Foundation

/// The gate a parallel window's threads wait at, so they start together.
///
/// Threads are started one by one (pthread_create takes tens of microseconds
/// each); timing from each thread's own start would measure creation order,
/// not contention. So every thread parks here, the window waits until all have
/// arrived, stamps the release and opens the gate for all of them at once (a
/// condition broadcast). If the window cannot start every thread it aborts the
/// gate instead, and the threads already parked return without working.
final class StartGate: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only while
    // holding `condition`'s lock.
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0
    private var isOpen = false
    private var isAborted = false

    init(parties: Int) { self.parties = parties }

    /// Called on each measured thread: arrives, then waits for the gate.
    /// Returns false when the window was aborted and the thread must not work.
    func arriveAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived == parties { condition.broadcast() }
        while !isOpen && !isAborted { condition.wait() }
        return !isAborted
    }

    /// Called by the window: waits until every thread has arrived.
    func waitForAll() {
        condition.lock()
        defer { condition.unlock() }
        while arrived < parties { condition.wait() }
    }

    /// Opens the gate; returns the release stamp (MonotonicClock nanoseconds),
    /// taken just before the broadcast, which every chunk timing starts from.
    func open() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        let release = MonotonicClock.nanoseconds()
        isOpen = true
        condition.broadcast()
        return release
    }

    /// Sends every parked (and every later) thread home without working.
    func abort() {
        condition.lock()
        defer { condition.unlock() }
        isAborted = true
        condition.broadcast()
    }
}
