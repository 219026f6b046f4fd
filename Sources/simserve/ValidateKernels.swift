import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate kernels`: the GPU presets' kernel figures against the measured kernel
/// tables (aiconfigurator's `data/kernels`, and BLIS's H100 tables when present).
struct ValidateKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Predict every measured GEMM, attention, all-reduce and MoE row of data/kernels on the GPU presets.",
        discussion: """
            Each GPU with measured tables (h100-sxm, h200, b200, a100-80gb, l40s) is predicted \
            on its hardware preset through the simulator's own kernel functions, with the \
            engine whose rows the preset was fitted on (vLLM; TensorRT-LLM for L40S). Rows are \
            fit or held out by the rule of scripts/fit-kernels.py (GEMM n ∈ {6144, 12288}; \
            attention head shapes (32,8) and (8,1); every other all-reduce size; MoE expert shapes \
            6144/16384 and 2048/768, TensorRT-LLM's fused-MoE rows on H100, H200 and B200, \
            skewed-routing rows excluded). Reports MAPE, \
            time-weighted MAPE and bias per GPU × kind × split, and the held-out groups above \
            10 %. With --blis (default ../shared/data/h100-kernels when it exists) the h100-sxm \
            preset is also run on BLIS's H100 tables, wholly held out; their GEMM table is read \
            as fp8 (its large GEMMs run above the bf16 dense peak).
            """)

    @Option(help: "The directory of aic_gemm.csv, aic_decode_attention.csv, aic_prefill_attention.csv, aic_allreduce.csv, aic_moe.csv.")
    var data: String = "data/kernels"

    @Option(help: "GPU presets to validate (repeatable; default: all with measured tables).")
    var gpu: [String] = []

    @Option(help: "BLIS H100 kernel tables (h100_attention_kernels.csv, h100_gemm.csv); 'none' to skip.")
    var blis: String = "../shared/data/h100-kernels"

    @Option(help: "Read the attention rows of this `backend` instead of the one the preset was fitted on (e.g. torch-flash, torch-cudnn in data/kernels/h200-own); torch-flash rows are timed by the GPU's FlashAttention-2 figures where it has them.")
    var backend: String?

    @Option(help: "Read the GEMM rows of this `backend` instead of the one the preset was fitted on (e.g. torch).")
    var gemmBackend: String?

    @Flag(help: "--data holds tables no preset was fitted on, in the aiconfigurator layouts but named gemm.csv, decode_attention.csv, prefill_attention.csv (any of them; data/kernels/h200-own): every row is held out.")
    var allHeldOut = false

    @Option(help: "Also write the report as a markdown section to this file.")
    var markdown: String?

    @Option(help: "Also write every row (shape, measured and predicted µs, relative error) as CSV to this file.")
    var rows: String?

    @Flag(help: "Print JSON instead of the table: {\"groups\": [...], \"goal\": 0.1, \"goal_misses\": n} (fractions).")
    var json = false

    func run() throws {
        let report: KernelValidation
        do {
            var gpus: [KernelGPU] = []
            for name in gpu {
                guard let g = KernelGPU.named(name) else {
                    throw CommandInputError("--gpu: '\(name)' has no measured kernel tables; one of "
                                           + KernelGPU.all.map { "'\($0.preset)'" }.joined(separator: ", "))
                }
                gpus.append(g)
            }
            if gpus.isEmpty { gpus = KernelGPU.all }
            for i in gpus.indices {
                if let backend {
                    gpus[i].backend = backend
                    gpus[i].attentionLibrary = KernelGPU.attentionLibrary(ofBackend: backend)
                }
                if let gemmBackend { gpus[i].gemmBackend = gemmBackend }
            }
            let useBLIS = !allHeldOut && blis != "none" && FileManager.default.fileExists(atPath: blis + "/h100_gemm.csv")
                && gpus.contains { $0.preset == "h100-sxm" }
            report = try KernelValidation.run(directory: data, gpus: gpus, blisDirectory: useBLIS ? blis : nil,
                                              ownTables: allHeldOut)
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
        print(json ? report.json() : report.text(), terminator: "")
        var stderr = StandardError()
        for (path, text) in [(markdown, { report.markdown() }), (rows, { report.rowsCSV() })] {
            guard let path else { continue }
            do {
                try OutputFile.write(text(), to: path)
            } catch {
                printError("cannot write \(path): \(error.description)")
                throw ExitCode(1)
            }
            print("wrote \(path)", to: &stderr)
        }
    }
}
