import Foundation

/// One request line, decoded and checked:
/// `{"id": 17, "workload": "churn", "args": ["3000"], "threads": 2, "calls": 5000, "chunks": 32}`
/// with an optional `"inject_stall_s": 0.05`.
///
/// Every field is checked here, before any operand is parsed, and every error
/// names its field. Unknown fields are refused rather than ignored: a request
/// the worker does not fully understand must not be answered with a timing.
struct WindowRequest: Sendable {
    /// A refused line, with the id to echo (`null` when the line had none).
    struct Rejected: Error {
        let idJSON: String
        let error: RequestError
    }

    /// The most chunks per thread: bounds the stamps a window allocates
    /// (threads x chunks) and the length of the answer line.
    static let maximumChunks = 65_536
    /// The longest stall the test hook accepts; longer would look like a hang.
    static let maximumStallSeconds = 60.0

    static let fields: Set<String> = ["id", "workload", "args", "threads", "calls", "chunks", "inject_stall_s"]

    /// The request's id as JSON text, echoed in the answer. Re-serialized from
    /// the parsed value: ints and strings come back as sent (17.0 would come back as 17).
    let idJSON: String
    let workload: WorkloadPoint.Workload
    let args: [String]
    let threads: Int
    let calls: Int
    let chunks: Int
    let injectStallSeconds: Double

    init(line: String) throws(Rejected) {
        let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        guard let parsed else {
            throw Rejected(idJSON: "null", error: RequestError("request", "not valid JSON"))
        }
        guard let object = parsed as? [String: Any] else {
            throw Rejected(idJSON: "null", error: RequestError("request", "not a JSON object"))
        }
        guard let id = object["id"] else {
            throw Rejected(idJSON: "null", error: RequestError("id", "missing"))
        }
        let idJSON = Self.json(id)
        do throws(RequestError) {
            try self.init(idJSON: idJSON, object)
        } catch {
            throw Rejected(idJSON: idJSON, error: error)
        }
    }

    private init(idJSON: String, _ object: [String: Any]) throws(RequestError) {
        if let unknown = object.keys.filter({ !Self.fields.contains($0) }).sorted().first {
            let expected = Self.fields.sorted().joined(separator: ", ")
            throw RequestError(String(unknown.prefix(40)), "unknown field; expected \(expected)")
        }
        self.idJSON = idJSON
        guard let name = object["workload"] else { throw RequestError("workload", "missing") }
        guard let text = name as? String, let workload = WorkloadPoint.Workload(rawValue: text) else {
            let known = WorkloadPoint.Workload.allCases.map(\.rawValue).joined(separator: ", ")
            throw RequestError("workload", "unknown workload \(Self.quote(name)); expected one of \(known)")
        }
        self.workload = workload
        guard let value = object["args"] else { throw RequestError("args", "missing") }
        guard let list = value as? [Any] else {
            throw RequestError("args", "must be an array of decimal integer strings")
        }
        args = try list.enumerated().map { (index, element) throws(RequestError) -> String in
            guard let text = element as? String else {
                throw RequestError("args[\(index)]", "must be a decimal integer string, got \(Self.quote(element))")
            }
            return text
        }
        threads = try Self.integer(object, "threads", in: 1...WindowTimer.maximumThreads)
        calls = try Self.integer(object, "calls", in: 1...Int.max)
        chunks = try Self.integer(object, "chunks", in: 1...Self.maximumChunks)
        injectStallSeconds = try Self.stall(object)
    }

    /// An integer field in `range`; JSON booleans and fractions are refused.
    private static func integer(
        _ object: [String: Any], _ field: String, in range: ClosedRange<Int>
    ) throws(RequestError) -> Int {
        guard let value = object[field] else { throw RequestError(field, "missing") }
        let upper = range.upperBound == Int.max ? "" : String(range.upperBound)
        guard !isBoolean(value), let number = value as? Int, range.contains(number) else {
            throw RequestError(field, "must be an integer in \(range.lowerBound)...\(upper), got \(quote(value))")
        }
        return number
    }

    /// `inject_stall_s`: absent means 0.
    private static func stall(_ object: [String: Any]) throws(RequestError) -> Double {
        guard let value = object["inject_stall_s"] else { return 0 }
        guard !isBoolean(value), let seconds = value as? Double, seconds >= 0, seconds <= maximumStallSeconds else {
            throw RequestError(
                "inject_stall_s", "must be a number of seconds in 0...\(Int(maximumStallSeconds)), got \(quote(value))")
        }
        return seconds
    }

    /// Whether a parsed JSON value is `true` or `false`. Not `value is Bool`:
    /// Foundation bridges the numbers 0 and 1 to Bool too. A JSON boolean is the
    /// one NSNumber whose type is `char` ("c").
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// A parsed JSON value as JSON text, whole: the id echo.
    static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
            return "null"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A parsed JSON value as JSON text, shortened for an error message.
    static func quote(_ value: Any) -> String {
        let text = json(value)
        return text.count <= 40 ? text : "\(text.prefix(40))... (\(text.count) characters)"
    }
}
