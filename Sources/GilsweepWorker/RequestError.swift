/// A request the worker cannot measure, named by the field at fault.
///
/// The worker answers it as `{"id": ..., "error": "<field>: <message>"}` and
/// goes on with the next line: the parent decides what a bad point means, and
/// one bad line must not take down a long-lived worker.
struct RequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request field at fault (`threads`, `args[1]`, ...) or `request` for the line as a whole.
    let field: String
    /// What is wrong with it, on one line.
    let message: String

    init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    var description: String { "\(field): \(message)" }

    /// `text` shortened for an error message: an operand can have 20,000 digits.
    static func quote(_ text: String) -> String {
        let limit = 40
        return text.count <= limit ? "'\(text)'" : "'\(text.prefix(limit))...' (\(text.count) characters)"
    }
}
