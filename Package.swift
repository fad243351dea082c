// swift-tools-version:6.0
// gilsweep: one set of C kernels (CSupport), a Swifty API over them (GilsweepKernels,
// the one library product), the measurement worker (GilsweepWorker) and the
// gilsweep-swift command-line tool.
import PackageDescription

let package = Package(
    name: "gilsweep",
    products: [
        .library(name: "GilsweepKernels", targets: ["GilsweepKernels"]),
        .executable(name: "gilsweep-swift", targets: ["gilsweep-swift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The only home of kernel logic; Python's SWIG extension compiles the same files.
        .target(
            name: "CSupport",
            path: "CSupport",
            publicHeadersPath: "include",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("gmp"), .linkedLibrary("m")]
        ),
        .target(name: "GilsweepKernels", dependencies: ["CSupport"]),
        // The measurement worker behind `gilsweep-swift worker`: it times windows of
        // kernel calls on real threads and answers raw chunk timings. Python owns the
        // sweep (calibration, scheduling, statistics, reports); nothing of it is here.
        .target(name: "GilsweepWorker", dependencies: ["GilsweepKernels", "CAffinity"]),
        // Pins the worker's measuring threads to different CPUs (Linux affinity, which
        // Swift cannot import). System glue, not kernel logic: hence not in CSupport.
        .target(name: "CAffinity"),
        // Seeded random operands for the bench and the tests (no product: not for users).
        .target(name: "SeededRandom"),
        .executableTarget(
            name: "gilsweep-swift",
            dependencies: [
                "GilsweepKernels",
                "GilsweepWorker",
                "SeededRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GilsweepKernelsTests", dependencies: ["GilsweepKernels", "SeededRandom"]),
        .testTarget(name: "GilsweepWorkerTests", dependencies: ["GilsweepWorker"]),
    ]
)
