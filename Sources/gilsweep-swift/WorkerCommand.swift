import ArgumentParser
import GilsweepWorker

/// `gilsweep-swift worker`: the Swift measurement worker the Python sweep drives.
/// It reads window requests on stdin and answers raw timings on stdout, one JSON
/// line each (protocol: Sources/GilsweepWorker/Worker.swift); EOF on stdin ends it with 0.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Time windows of kernel calls for the Python sweep: JSON requests on stdin, JSON timings on stdout.")

    func run() {
        Worker().run()
    }
}
