import Foundation
@testable import GilsweepWorker
import Testing

/// A decoded answer line.
struct Answer {
    let object: [String: Any]

    init(_ line: String) throws {
        #expect(!line.contains("\n"))
        object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    var id: Any? { object["id"] }
    var error: String? { object["error"] as? String }
    var wall: Double? { object["wall_s"] as? Double }
    var chunks: [[Double]]? { object["chunks_s"] as? [[Double]] }
}

/// A request line with the given fields.
func request(_ fields: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
}

@Suite("Worker")
struct WorkerTests {
    static let points: [(String, [String])] = [
        ("churn", ["3000"]),
        ("primes", ["0", "10000"]),
        ("primes", ["1000000", "1000100"]),
        ("gcd", ["123456789012", "-987654321098"]),
        ("gcd", ["18446744073709551616", "340282366920938463463374607431768211455"]),
        ("gcd", [String(repeating: "123456789", count: 40), "-" + String(repeating: "987654321", count: 30)]),
    ]

    @Test(arguments: points, [1, 3])
    func aWindowAnswersRawChunkTimings(point: (String, [String]), threads: Int) throws {
        let line = request([
            "id": 17, "workload": point.0, "args": point.1, "threads": threads, "calls": 50, "chunks": 8,
        ])
        let answer = try Answer(Worker().respond(to: line))
        #expect(answer.error == nil)
        #expect(answer.id as? Int == 17)
        let wall = try #require(answer.wall)
        let chunks = try #require(answer.chunks)
        #expect(chunks.count == threads)
        for row in chunks {
            #expect(row.count == 8)
            #expect(row.allSatisfy { $0 >= 0 })
            let sum = row.reduce(0, +)
            #expect(sum > 0)
            #expect(sum <= wall + 1e-6)
        }
        #expect(wall < 10)
    }

    @Test func theWindowHasMinCallsChunksChunks() throws {
        let line = request(["id": "s", "workload": "churn", "args": ["10"], "threads": 2, "calls": 3, "chunks": 32])
        let answer = try Answer(Worker().respond(to: line))
        #expect(answer.id as? String == "s")
        #expect(try #require(answer.chunks).map(\.count) == [3, 3])
    }

    @Test(arguments: [1, 2])
    func anInjectedStallIsOneLongChunkOfThreadZero(threads: Int) throws {
        let line = request([
            "id": 5, "workload": "churn", "args": ["100"], "threads": threads, "calls": 40, "chunks": 5,
            "inject_stall_s": 0.05,
        ])
        let answer = try Answer(Worker().respond(to: line))
        let chunks = try #require(answer.chunks)
        #expect(chunks[0][2] >= 0.05)  // the middle chunk: 5 / 2
        #expect(chunks[0].filter { $0 >= 0.05 }.count == 1)
        #expect(try #require(answer.wall) >= 0.05)
    }

    @Test func idsOfAnyJSONTypeAreEchoed() throws {
        let worker = Worker()
        for id in ["0", "-3", "12345678901234567890", "\"run-7\"", "1.5", "null", "[1,\"a\"]"] {
            let line = "{\"id\":\(id),\"workload\":\"churn\",\"args\":[\"1\"],\"threads\":1,\"calls\":1,\"chunks\":1}"
            let answer = worker.respond(to: line)
            #expect(answer.hasPrefix("{\"id\":\(id),\"wall_s\":"), "\(answer)")
            let bad = worker.respond(to: line.replacingOccurrences(of: "\"calls\":1", with: "\"calls\":0"))
            #expect(bad.hasPrefix("{\"id\":\(id),\"error\":"), "\(bad)")
        }
    }

    /// Each bad line, and the field its error must name.
    static let badRequests: [(line: String, field: String)] = {
        let good: [String: Any] = ["id": 9, "workload": "churn", "args": ["10"], "threads": 1, "calls": 10, "chunks": 2]
        func with(_ key: String, _ value: Any?) -> String {
            var fields = good
            fields[key] = value
            return request(fields)
        }
        return [
            (with("workload", "sort"), "workload"), (with("workload", 3), "workload"), (with("workload", nil), "workload"),
            (with("args", nil), "args"), (with("args", "10"), "args"), (with("args", ["1", "2"]), "args"),
            (with("args", [10]), "args[0]"), (with("args", ["ten"]), "args[0]"), (with("args", ["-1"]), "args[0]"),
            (with("args", ["9223372036854775808"]), "args[0]"), (with("args", [" 10"]), "args[0]"),
            (with("threads", 0), "threads"), (with("threads", 257), "threads"), (with("threads", 1.5), "threads"),
            (with("threads", true), "threads"), (with("threads", "2"), "threads"), (with("threads", nil), "threads"),
            (with("calls", 0), "calls"), (with("calls", -5), "calls"),
            (with("calls", 18_446_744_073_709_551_615 as UInt64), "calls"),
            (with("chunks", 0), "chunks"), (with("chunks", 65_537), "chunks"),
            (with("inject_stall_s", -0.1), "inject_stall_s"), (with("inject_stall_s", "0.1"), "inject_stall_s"),
            (with("inject_stall_s", 61), "inject_stall_s"), (with("stall", 1), "stall"),
            (request(["id": 9, "workload": "primes", "args": ["5", "3"], "threads": 1, "calls": 1, "chunks": 1]), "args"),
            (request(["id": 9, "workload": "primes", "args": ["0"], "threads": 1, "calls": 1, "chunks": 1]), "args"),
            (request(["id": 9, "workload": "primes", "args": ["0", "18446744073709551616"], "threads": 1, "calls": 1, "chunks": 1]), "args[1]"),
            (request(["id": 9, "workload": "gcd", "args": ["12", "1.5"], "threads": 1, "calls": 1, "chunks": 1]), "args[1]"),
            (request(["id": 9, "workload": "gcd", "args": ["12"], "threads": 1, "calls": 1, "chunks": 1]), "args"),
        ]
    }()

    @Test(arguments: badRequests)
    func aBadRequestGetsAnErrorNamingItsField(line: String, field: String) throws {
        let answer = try Answer(Worker().respond(to: line))
        #expect(answer.id as? Int == 9)
        let error = try #require(answer.error)
        #expect(error.hasPrefix("\(field): "), "\(error)")
        #expect(answer.wall == nil && answer.chunks == nil)
    }

    @Test(arguments: ["garbage", "", "{\"id\": 1", "[1, 2]", "42", "\"id\"", "{\"workload\": \"churn\"}"])
    func anUnreadableLineGetsAnErrorWithANullId(line: String) throws {
        let answer = try Answer(Worker().respond(to: line))
        #expect(answer.id is NSNull)
        #expect(answer.error != nil)
    }

    @Test func theLoopAnswersEveryLineInOrderAndKeepsGoing() throws {
        let lines = [
            request(["id": 1, "workload": "churn", "args": ["1000"], "threads": 2, "calls": 100, "chunks": 8]),
            "garbage",
            request(["id": 3, "workload": "bogus", "args": [], "threads": 1, "calls": 1, "chunks": 1]),
            request(["id": 4, "workload": "gcd", "args": ["12", "18"], "threads": 1, "calls": 10, "chunks": 2]),
            request(["id": 5, "workload": "gcd", "args": ["12", "18"], "threads": 1, "calls": 10, "chunks": 2]),
        ]
        var answers: [Answer] = []
        Worker().serve(lines) { line in
            answers.append(try! Answer(line))
            return true
        }
        #expect(answers.count == 5)
        #expect(answers.map { $0.id as? Int } == [1, nil, 3, 4, 5])
        #expect(answers.map { $0.error != nil } == [false, true, true, false, false])
        #expect(answers[4].chunks?.map(\.count) == [2])
    }

    @Test func theLoopStopsWhenTheReaderIsGone() {
        let line = request(["id": 1, "workload": "churn", "args": ["1"], "threads": 1, "calls": 1, "chunks": 1])
        var written = 0
        Worker().serve(Array(repeating: line, count: 5)) { _ in
            written += 1
            return written < 2
        }
        #expect(written == 2)
    }

    @Test func errorMessagesStayOnOneLineAndShort() throws {
        let huge = String(repeating: "7", count: 30_000) + "x"
        let line = request(["id": 1, "workload": "gcd\n", "args": [huge, "1"], "threads": 1, "calls": 1, "chunks": 1])
        let answer = try Answer(Worker().respond(to: line))
        #expect(try #require(answer.error).count < 200)
        let bad = request(["id": 1, "workload": "gcd", "args": [huge, "1"], "threads": 1, "calls": 1, "chunks": 1])
        let error = try #require(try Answer(Worker().respond(to: bad)).error)
        #expect(error.hasPrefix("args[0]: ") && error.count < 200)
    }
}
