/// What `gilsweep-swift --version` prints, one line: `gilsweep-swift 0.2.0 (Swift 6.3)`.
/// The Python sweep records it as the version of the binary it measured, so the
/// compiler is part of it: a different compiler can make different timings.
enum Version {
    /// 0.2.0: the first version with the measurement worker (and without `sweep`).
    static let tool = "0.2.0"

    /// The compiler this binary was built with, fixed at compile time.
    static let swift: String = {
        #if compiler(>=6.5)
        return "6.5 or later"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }()

    static let line = "gilsweep-swift \(tool) (Swift \(swift))"
}
