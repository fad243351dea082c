import Foundation

/// Answer lines, one JSON object each, with no newline inside:
/// `{"id":17,"wall_s":0.10234,"chunks_s":[[0.0031,...],...]}` or
/// `{"id":17,"error":"threads: must be an integer in 1...256, got 0"}`.
///
/// Written by hand to keep the keys in the documented order; a Double's
/// `description` is its shortest round-trip form (`0.0031`, `1e-05`), which is
/// valid JSON and loses no precision.
enum WorkerResponse {
    static func success(idJSON: String, _ timing: WindowTiming) -> String {
        var line = "{\"id\":\(idJSON),\"wall_s\":\(timing.wallSeconds.description),\"chunks_s\":["
        for (index, row) in timing.chunkSeconds.enumerated() {
            if index > 0 { line += "," }
            line += "["
            line += row.map(\.description).joined(separator: ",")
            line += "]"
        }
        line += "]}"
        return line
    }

    static func failure(idJSON: String, _ error: RequestError) -> String {
        // JSONSerialization escapes quotes and control characters, so the line stays one line.
        "{\"id\":\(idJSON),\"error\":\(WindowRequest.json(error.description))}"
    }
}
