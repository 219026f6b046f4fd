import ArgumentParser
import SimServeKit

/// `simserve cost`: the cost of one iteration, op by op.
struct Cost: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the cost of one iteration of a batch, op by op.",
        discussion: """
            The batch is given by --prefill C@O (a prefill chunk of C new tokens on O cached \
            tokens, repeatable) and --decode BxL (B sequences decoding at context L, \
            repeatable). Prints each op's time, share, FLOPs, bytes and bound, the total, the \
            bound of the iteration, MFU and MBU.
            """)

    @Option(help: "Model preset name, or the path of a Hugging Face config.json.")
    var model: String

    @Option(help: "Hardware preset name (a100-80gb, h100-sxm, mi300x, ...).")
    var hardware: String

    @Option(help: "Tensor-parallel degree.")
    var tp: Int = 1

    @Option(help: "Pipeline-parallel degree.")
    var pp: Int = 1

    @Option(help: "Expert-parallel degree (MoE models; divides --tp and the experts).")
    var ep: Int = 1

    @Option(help: "Busiest expert-parallel rank's routed tokens over the mean, in [1, ep].")
    var expertImbalance: Double = 1

    @Option(help: "With --ep > 1: how the experts get their tokens, replicated (the engines without data-parallel attention: no all-to-all) or all_to_all (a dispatch and combine per MoE layer). (default: the engine's)")
    var moeDispatch: String?

    @Option(help: ArgumentHelp("A prefill chunk of C new tokens on O cached (repeatable).", valueName: "C@O"))
    var prefill: [String] = []

    @Option(help: ArgumentHelp("B sequences decoding at context L (repeatable).", valueName: "BxL"))
    var decode: [String] = []

    @Option(help: "Weight type: fp16, bf16, fp8, int8 or int4 (replaces the model's).")
    var weightDtype: String?

    @Option(help: "KV-cache type: fp16, bf16, fp8, int8 or int4 (replaces the model's).")
    var kvDtype: String?

    @Option(help: ArgumentHelp("Serving engine preset (" + Presets.engineNames.joined(separator: ", ") + ")."))
    var engine: String = Presets.defaultEngine

    @Flag(help: "Run decode-only batches eagerly (no CUDA graphs).")
    var noCudaGraphs = false

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func run() throws {
        do {
            guard tp >= 1, pp >= 1 else { throw CommandInputError("--tp and --pp must be ≥ 1, got tp=\(tp) pp=\(pp)") }
            var spec = try Presets.model(presetOrConfig: model)
            if let weightDtype { spec.weightDtype = try Self.dtype(weightDtype, option: "--weight-dtype", allowed: DataType.weightTypes) }
            if let kvDtype { spec.kvDtype = try Self.dtype(kvDtype, option: "--kv-dtype", allowed: DataType.kvCacheTypes) }
            let gpu = try Presets.hardware(named: hardware)
            var stack = try Presets.engine(named: engine.lowercased(), on: gpu)
            if noCudaGraphs { stack.cudaGraphs = false }
            if let moeDispatch {
                guard let value = MoEDispatch(rawValue: moeDispatch.lowercased()) else {
                    throw CommandInputError("--moe-dispatch " + DidYouMean.message(for: moeDispatch, notAmong: MoEDispatch.allCases.map(\.rawValue)))
                }
                stack.moeDispatch = value
            }
            let shape = try BatchShape.parse(prefills: prefill, decodes: decode)
            let parallelism = try Self.parallelism(model: spec, tp: tp, pp: pp, ep: ep, imbalance: expertImbalance)
            let report = IterationReport(model: spec, hardware: gpu, parallelism: parallelism,
                                         shape: shape, engine: stack)
            print(json ? report.json() : report.text(), terminator: "")
            // How far the step times of such deployments held on published runs (VALIDATION.md, "End to end").
            if !json { print(HeldOutErrors.shipped.reportLine(engine: stack.name, gpu: gpu.name, tensorParallel: tp), terminator: "") }
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// TP × PP with experts over `ep` ranks: ep ≥ 1 dividing --tp and the model's experts (an
    /// MoE model when ep > 1), imbalance in [1, ep].
    static func parallelism(model: ModelSpec, tp: Int, pp: Int, ep: Int, imbalance: Double) throws -> Parallelism {
        guard ep >= 1 else { throw CommandInputError("--ep must be ≥ 1, got \(ep)") }
        if ep > 1 {
            guard let experts = model.experts, experts > 1 else {
                throw CommandInputError("--ep needs a mixture-of-experts model; \(model.name) is dense, got --ep \(ep)")
            }
            guard experts % ep == 0, tp % ep == 0 else {
                throw CommandInputError("--ep must divide --tp (\(tp)) and the model's \(experts) experts, got \(ep)")
            }
        }
        guard imbalance.isFinite, imbalance >= 1, imbalance <= Double(ep) else {
            throw CommandInputError("--expert-imbalance must be in [1, --ep] = [1, \(ep)], got \(imbalance)")
        }
        return Parallelism(tensor: tp, pipeline: pp, expert: ep, expertImbalance: imbalance)
    }

    static func dtype(_ text: String, option: String, allowed: [DataType]) throws -> DataType {
        guard let value = DataType(rawValue: text.lowercased()), allowed.contains(value) else {
            throw CommandInputError("\(option) " + DidYouMean.message(for: text, notAmong: allowed.map(\.rawValue)))
        }
        return value
    }
}
