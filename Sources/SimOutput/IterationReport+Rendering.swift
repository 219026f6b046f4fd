import CostModel
import Foundation
import SimSupport

extension IterationReport {
    /// The terminal table: one row per op (time µs, share, FLOPs, bytes, bound), the total,
    /// then the iteration's bound, MFU and MBU.
    public func text() -> String {
        var lines: [String] = []
        lines.append("\(model.name) (\(model.weightDtype.rawValue) weights, \(model.kvDtype.rawValue) KV) on "
                     + "\(parallelism.gpus)×\(hardware.name) (tp=\(parallelism.tensor), pp=\(parallelism.pipeline))"
                     + ", engine \(engine.name)")
        lines.append("kernel figures: \(hardware.kernelDataDescription)")
        if engine.gemmLibrary != .current {
            lines.append("GEMM library: \(engine.gemmLibrary.rawValue) — "
                         + (hardware.gemmFigures(for: engine) == nil
                            ? "no figures for it on this GPU: its own GEMM figures"
                            : "the GPU's figures for it (16-bit GEMMs)"))
        }
        if engine.decodeAttentionKernel != .flash {
            lines.append("decode attention: \(engine.decodeAttentionKernel.rawValue) — "
                         + (hardware.decodeAttentionFigures(for: engine) == nil
                            ? "no figures for it on this GPU: its own decode figures"
                            : "the GPU's figures for it (fp8 KV cache, grouped-query heads)"))
        }
        if engine.attentionLibrary != .current {
            lines.append("attention library: \(engine.attentionLibrary.rawValue) — "
                         + (hardware.attentionLibraryFigures(for: engine) == nil
                            ? "no figures for it on this GPU: its own attention figures"
                            : "the GPU's figures for it (prefill and decode attention)"))
        }
        lines.append("batch: \(batchDescription); \(shape.totalTokens) tokens"
                     + (cudaGraph ? "; CUDA graph" : ""))
        switch memory {
        case .success(let plan): lines.append("memory: " + plan.summaryLine)
        case .failure(let error): lines.append("memory: DOES NOT FIT — " + error.message)
        }
        lines += architectureLines
        lines.append("")
        var rows = [["op", "time µs", "share", "FLOPs", "bytes", "bound"]]
        for op in ops {
            rows.append([op.op, Self.fixed(op.seconds * 1e6, 1), Self.fixed(share(op.seconds) * 100, 1) + "%",
                         Self.engineering(op.flops), Self.engineering(op.bytes), op.bound.rawValue])
        }
        rows.append(["total", Self.fixed(total.seconds * 1e6, 1), "100.0%", Self.engineering(total.flops),
                     Self.engineering(total.bytes + total.commBytes), bound.rawValue])
        lines += TextTable.render(rows, rightAligned: [1, 2, 3, 4], ruleAfter: [0, rows.count - 2])
        lines.append("")
        lines.append("iteration \(Self.fixed(total.seconds * 1e3, 3)) ms · bound: \(bound.rawValue) · "
                     + "MFU \(Self.fixed(modelFlopsUtilization * 100, 1))% · "
                     + "MBU \(Self.fixed(memoryBandwidthUtilization * 100, 1))%")
        if let line = sustainedLine { lines.append(line) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as JSON (seconds, FLOPs and bytes unscaled; utilisations as fractions).
    public func json() -> String {
        struct Op: Encodable {
            var op: String, seconds: Double, share: Double, flops: Double, bytes: Double, bound: String
        }
        struct Memory: Encodable {
            var fits: Bool, reason: String?
            var capacity_gb: Double?, weights_gb: Double?, activations_gb: Double?, kv_gb: Double?, free_gb: Double?
            var kv_blocks: Int?, kv_tokens: Int?, kv_bytes_per_token: Double?
            enum CodingKeys: String, CodingKey {
                case fits, reason, capacity_gb, weights_gb, activations_gb, kv_gb, free_gb, kv_blocks, kv_tokens, kv_bytes_per_token
            }
            /// Every key always present (null when the model does not fit).
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(fits, forKey: .fits)
                try c.encode(reason, forKey: .reason)
                try c.encode(capacity_gb, forKey: .capacity_gb)
                try c.encode(weights_gb, forKey: .weights_gb)
                try c.encode(activations_gb, forKey: .activations_gb)
                try c.encode(kv_gb, forKey: .kv_gb)
                try c.encode(free_gb, forKey: .free_gb)
                try c.encode(kv_blocks, forKey: .kv_blocks)
                try c.encode(kv_tokens, forKey: .kv_tokens)
                try c.encode(kv_bytes_per_token, forKey: .kv_bytes_per_token)
            }
        }
        struct Document: Encodable {
            var model: String, hardware: String, engine: String, kernel_data: String, tp: Int, pp: Int
            var weight_dtype: String, kv_dtype: String, tokens: Int, cuda_graph: Bool
            var ops: [Op]
            var seconds: Double, flops: Double, bytes: Double, comm_bytes: Double
            var bound: String, mfu: Double, mbu: Double
            var memory_per_gpu: Memory
            /// Present only for MLA / sliding-window models and under expert parallelism.
            var kv_bytes_per_token_all_layers: Double?, ep: Int?, all_to_all_seconds: Double?
            var all_to_all_bytes_per_token: Double?
            /// Present only on hardware with a power-limit time constant (``IterationReport/sustained``).
            var sustained_seconds: Double?, uncapped_watts_per_gpu: Double?
        }
        let memoryDocument: Memory
        switch memory {
        case .success(let p):
            memoryDocument = Memory(fits: true, reason: nil, capacity_gb: p.capacityBytesPerGPU / 1e9, weights_gb: p.weightBytesPerGPU / 1e9,
                                    activations_gb: p.activationBytesPerGPU / 1e9, kv_gb: p.kvBytesPerGPU / 1e9,
                                    free_gb: p.freeBytesPerGPU / 1e9, kv_blocks: p.kvBlocks, kv_tokens: p.kvTokenCapacity,
                                    kv_bytes_per_token: p.kvBytesPerTokenPerGPU)
        case .failure(let error):
            memoryDocument = Memory(fits: false, reason: error.message)
        }
        let document = Document(
            model: model.name, hardware: hardware.name, engine: engine.name,
            kernel_data: hardware.kernelDataDescription, tp: parallelism.tensor, pp: parallelism.pipeline,
            weight_dtype: model.weightDtype.rawValue, kv_dtype: model.kvDtype.rawValue,
            tokens: shape.totalTokens, cuda_graph: cudaGraph,
            ops: ops.map { Op(op: $0.op, seconds: $0.seconds, share: share($0.seconds), flops: $0.flops,
                              bytes: $0.bytes, bound: $0.bound.rawValue) },
            seconds: total.seconds, flops: total.flops, bytes: total.bytes, comm_bytes: total.commBytes,
            bound: bound.rawValue, mfu: modelFlopsUtilization, mbu: memoryBandwidthUtilization, memory_per_gpu: memoryDocument,
            kv_bytes_per_token_all_layers: kvBytesPerTokenAllLayers, ep: parallelism.expert > 1 ? parallelism.expert : nil,
            all_to_all_seconds: allToAllSeconds, all_to_all_bytes_per_token: allToAllBytesPerToken,
            sustained_seconds: sustained?.seconds, uncapped_watts_per_gpu: sustained?.uncappedWattsPerGPU)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func share(_ seconds: Double) -> Double {
        total.seconds > 0 ? seconds / total.seconds : 0
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// 1.23e12 → "1.23 T", 4.5e6 → "4.50 M", 0 → "0".
    static func engineering(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        let units: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, unit) in units where abs(value) >= scale {
            return String(format: "%.2f", value / scale) + " " + unit
        }
        return String(format: "%.0f", value)
    }
}
