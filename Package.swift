// swift-tools-version:6.0
// gilsweep: one set of C kernels (CSupport), a Swifty API over them (Kernels),
// the thread sweep (Sweep) and the gilsweep-swift command-line tool.
import PackageDescription

let package = Package(
    name: "gilsweep",
    products: [
        .library(name: "Kernels", targets: ["Kernels"]),
        .library(name: "Sweep", targets: ["Sweep"]),
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
        .target(name: "Kernels", dependencies: ["CSupport"]),
        // The thread sweep: engine, statistics and the result schema shared with Python.
        .target(name: "Sweep", dependencies: ["Kernels"]),
        .executableTarget(
            name: "gilsweep-swift",
            dependencies: [
                "Kernels",
                "Sweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Sweep"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep"]),
    ]
)
