import Foundation
import Testing

/// swift-nio's habit: every symbol the C target exports carries the project prefix,
/// so linking CSupport into someone else's program cannot collide with their names.
@Suite("C symbol hygiene")
struct SymbolHygieneTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyExportedSymbolStartsWithGs() throws {
        let objects = try objectFiles()
        try #require(objects.count >= 8, "CSupport object files not found under .build")
        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        nm.arguments = ["nm", "--extern-only", "--defined-only", "--format=posix"] + objects.map(\.path)
        let pipe = Pipe()
        nm.standardOutput = pipe
        try nm.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        nm.waitUntilExit()
        try #require(nm.terminationStatus == 0)
        let symbols = output.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count >= 2 && !line.hasSuffix(":") ? String(fields[0]) : nil
        }
        #expect(symbols.contains("gs_count_primes"))
        #expect(symbols.filter { !$0.hasPrefix("gs_") }.isEmpty, "\(symbols.filter { !$0.hasPrefix("gs_") })")
    }

    /// The newest build's CSupport objects (debug or release, any triple).
    func objectFiles() throws -> [URL] {
        let build = Self.packageRoot.appendingPathComponent(".build")
        guard let walker = FileManager.default.enumerator(at: build, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return [] }
        var newestDirectory: (URL, Date)?
        for case let url as URL in walker where url.lastPathComponent == "CSupport.build" {
            let date = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantPast
            if newestDirectory == nil || date > newestDirectory!.1 { newestDirectory = (url, date) }
            walker.skipDescendants()
        }
        guard let directory = newestDirectory?.0 else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "o" }
    }
}
