import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate tp-scaling`: one layer's step time by TP, measured (Vidur A100 ops and
/// NCCL all-reduces) against predicted.
struct ValidateTPScaling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tp-scaling",
        abstract: "Predicted vs measured per-layer step time (ops + two all-reduces) at TP 1, 2, 4, 8 on a Vidur profile (default: the A100 data).")

    @Option(help: "The vidur-profiling directory (a100/*.mlp.csv, network/a100_dgx.all_reduce.csv).")
    var data: String = "../shared/data/vidur-profiling"

    @Option(help: "A folder of one GPU's Vidur *.mlp.csv files, in place of --data's a100/ (with --all-reduce), e.g. data/kernels/vidur-h100.")
    var ops: String?

    @Option(help: "The same GPU's Vidur all-reduce file, in place of --data's network/a100_dgx.all_reduce.csv (with --ops).")
    var allReduce: String?

    @Option(help: "Engine preset the profile ran under (pytorch: eager elementwise ops and eagerly launched all-reduces). Default: none (the GPU's own figures).")
    var engine: String = "none"

    @Option(help: "Hardware preset, or \(OpValidation.calibratedHardwareName).")
    var hardware: String = "a100-80gb"

    @Option(help: "Write the markdown section to this file (default: print it).")
    var markdown: String?

    @Flag(help: "Print JSON: [{\"tp\": …, \"split\": \"fit\"|\"held_out\", \"mape\": … (%), \"rows\": …}].")
    var json = false

    func run() throws {
        let rows: [TPScalingValidation.Row]
        let gpu: HardwareSpec
        do {
            gpu = try OpValidation.hardware(named: hardware)
            let runBy = try Presets.engine(named: engine, on: gpu)
            switch (ops, allReduce) {
            case let (ops?, allReduce?):
                rows = try TPScalingValidation.run(opsDirectory: ops, allReduceFile: allReduce, hardware: gpu, engine: runBy)
            case (nil, nil):
                rows = try TPScalingValidation.run(directory: data, hardware: gpu, engine: runBy)
            default:
                printError("--ops and --all-reduce go together (one GPU's Vidur op files and its all-reduce file); got only \(ops == nil ? "--all-reduce" : "--ops")")
                throw ExitCode(2)
            }
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
        if json {
            let items = TPScalingValidation.summary(rows).map { s in
                String(format: "{\"tp\": %d, \"split\": \"%@\", \"mape\": %.4f, \"rows\": %d}",
                       s.tensorParallel, s.fitted ? "fit" : "held_out", s.mape, s.count)
            }
            print("[" + items.joined(separator: ", ") + "]")
            return
        }
        let text = TPScalingValidation.markdown(rows, hardwareName: gpu.name, engineName: engine)
        guard let markdown else { print(text, terminator: ""); return }
        do {
            try text.write(toFile: markdown, atomically: true, encoding: .utf8)
        } catch {
            printError("cannot write \(markdown): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
