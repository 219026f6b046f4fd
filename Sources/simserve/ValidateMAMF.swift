import ArgumentParser
import SimServeKit

/// `simserve validate mamf`: each preset's dense GEMM against the published Maximum Achievable
/// Matmul FLOPS of its GPU, or against another published GEMM table (`--data`).
struct ValidateMAMF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mamf",
        abstract: "Each GPU preset's dense GEMM at the best shape of its published Maximum Achievable Matmul FLOPS (data/kernels/mamf.csv), fit and held-out rows apart.")

    @Option(help: "The GEMM table: the MAMF table, data/kernels/azure_gemm.csv (cuBLASLt/hipBLASLt grids on Azure VMs), or a kernel table's GEMMs (gpu column with table labels such as H200-SXM, e.g. data/kernels/h200-own/gemm.csv).")
    var data: String = "data/kernels/mamf.csv"

    @Flag(help: "Print the error per GPU, dtype and range of rows m instead of one line per shape.")
    var summary = false

    @Flag(help: "Time each GEMM repeated back to back under the GPU's power limit (the hardware's power_limit_time_constant_ms; GPUs without it stay at full clock), for tables measured that way (e.g. data/kernels/h200-own/gemm.csv).")
    var sustained = false

    @Option(name: .customLong("fit-gpu"), help: "Print the 16-bit compute_efficiency with which this GPU preset reaches its MAMF row (the figure the mi300x preset takes).")
    var fitGPU: String?

    func run() throws {
        do {
            if let fitGPU {
                let efficiency = try MAMFValidation.fitComputeEfficiency(gpu: fitGPU, path: data)
                print(String(format: "%@: compute_efficiency = %.4f (its dense 16-bit GEMM at the MAMF row's shape reaches the row's TFLOPS)",
                             fitGPU, efficiency))
                return
            }
            let comparisons = try MAMFValidation.compare(path: data, sustained: sustained)
            print(summary ? MAMFValidation.summaryMarkdown(comparisons, path: data) : MAMFValidation.markdown(comparisons, path: data),
                  terminator: "")
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
