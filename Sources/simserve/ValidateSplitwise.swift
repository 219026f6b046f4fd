import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate splitwise`: Splitwise's measured prompt and token times (Llama-2-70B and
/// BLOOM-176B on DGX-A100 and DGX-H100, TP 2–8) against the simulator's iterations.
struct ValidateSplitwise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "splitwise",
        abstract: "Predicted vs measured prompt and token times of Splitwise's profile (data/kernels/splitwise), by model, GPU and TP.")

    @Option(help: "Splitwise's perf_model.csv.")
    var data: String = "data/kernels/splitwise/perf_model.csv"

    @Option(help: "Engine preset the profile ran under.")
    var engine: String = SplitwiseValidation.enginePreset

    @Flag(help: "Fit the engine's host time per layer (eager_layer_host_us) for each GPU's machine on Llama-2-70B's token times at TP 8, and predict every row with it (the rest held out).")
    var fit = false

    @Option(help: "Also write every row (model, GPU, TP, phase, shape, fit or held out, measured and predicted ms, relative error) as CSV to this file.")
    var rows: String?

    @Flag(help: "Print JSON: [{\"model\", \"gpu\", \"tp\", \"phase\", \"mape\" (%), \"bias\" (%), \"rows\"}].")
    var json = false

    func run() throws {
        let result: SplitwiseValidation.Result, baseline: SplitwiseValidation.Result
        var fits: [String: SplitwiseValidation.HostFit] = [:]
        do {
            if fit { fits = try SplitwiseValidation.fitEagerLayerHost(path: data, engine: engine) }
            result = try SplitwiseValidation.run(path: data, engine: engine) { gpu, e in
                if let f = fits[gpu] { e.eagerLayerHostUs = f.microseconds }
            }
            baseline = try SplitwiseValidation.run(path: data, engine: engine) { _, e in e.eagerLayerHostUs = 0 }
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
        if let rows {
            do {
                try OutputFile.write(SplitwiseValidation.rowsCSV(result), to: rows)
            } catch {
                printError("cannot write \(rows): \(error.description)")
                throw ExitCode(1)
            }
            var stderr = StandardError()
            print("wrote \(rows)", to: &stderr)
        }
        if json {
            let items = SplitwiseValidation.summary(result).map { s in
                String(format: "{\"model\": \"%@\", \"gpu\": \"%@\", \"tp\": %d, \"phase\": \"%@\", \"mape\": %.4f, \"bias\": %.4f, \"rows\": %d}",
                       s.configuration.model, s.configuration.hardware, s.configuration.tensorParallel, s.phase.rawValue,
                       s.mape, s.bias, s.count)
            }
            print("[" + items.joined(separator: ", ") + "]")
            return
        }
        if fit {
            print("eager_layer_host_us fitted per machine on Llama-2-70B's token times at TP 8 (least plain MAPE; ± bootstrap):")
            for (gpu, f) in fits.sorted(by: { $0.key < $1.key }) {
                print(String(format: "  %@: %.0f ± %.0f µs (%d rows)", gpu, f.microseconds, f.standardErrorMicroseconds, f.rows))
            }
            print("")
        }
        print(SplitwiseValidation.markdown(result, engineName: engine, fitted: fit,
                                           baseline: ("without the host's issue time", baseline)), terminator: "")
    }
}
