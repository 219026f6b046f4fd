import Foundation

/// Reads NVIDIA aiconfigurator's measured kernel tables (`data/kernels/aic_*.csv`, layout and
/// provenance in `data/kernels/README.md`) into ``MeasuredKernel``s, each marked fit or
/// held out by ``KernelSplitRule``.
///
/// For each ``KernelGPU``, only the rows of the serving stack its preset was fitted on:
/// - `aic_gemm.csv`: bf16 and fp8 rows of `gemmBackend` (nvfp4 is not modelled); rows whose
///   weights stay in a warm L2 (``KernelGPU/warmL2Bytes``) are kept as
///   ``MeasuredKernel/Split/excluded``;
/// - `aic_decode_attention.csv`: rows of `backend`, bf16 or fp8 KV cache; rows flagged
///   `above_dram_peak` (KV read faster than HBM allows: a broken collector or a warm L2) and
///   rows whose KV stays in a warm L2 (``KernelGPU/warmL2Bytes``) are kept as
///   ``MeasuredKernel/Split/excluded``;
/// - `aic_prefill_attention.csv`: rows of `backend`, bf16 or fp8;
/// - `aic_allreduce.csv`: the custom rows of `customVariant` (graph replay) and the NCCL rows
///   of fp16 messages (nccl-tests `-d half`), split by message size per GPU and variant (the
///   sizes are the same at every GPU count);
/// - `aic_moe.csv`: bf16 and fp8 rows of `moeBackend`; rows of another token distribution than
///   the GPU's `moeDistribution` kept as ``MeasuredKernel/Split/excluded``;
/// - `aic_nccl_other_collectives.csv`, where present: NCCL's all-gather, reduce-scatter and
///   all-to-all of fp16 messages, split by message size per GPU and collective.
public enum AIConfiguratorTables {
    public static let files = ["aic_gemm.csv", "aic_decode_attention.csv", "aic_prefill_attention.csv", "aic_allreduce.csv", "aic_moe.csv"]

    /// Every row of the four tables under `directory` for `gpus`, in file order.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column.
    /// - Complexity: O(rows of the files).
    public static func read(directory: String, gpus: [KernelGPU] = KernelGPU.all) throws(OpValidationError)
        -> [MeasuredKernel] {
        let byLabel = Dictionary(uniqueKeysWithValues: gpus.map { ($0.label, $0) })
        var out = try gemmRows(CSVTable(path: directory + "/aic_gemm.csv"), byLabel)
        out += try decodeRows(CSVTable(path: directory + "/aic_decode_attention.csv"), byLabel)
        out += try prefillRows(CSVTable(path: directory + "/aic_prefill_attention.csv"), byLabel)
        out += try allReduceRows(CSVTable(path: directory + "/aic_allreduce.csv"), byLabel)
        out += try moeRows(CSVTable(path: directory + "/aic_moe.csv"), byLabel)
        let collectives = directory + "/" + otherCollectivesFile
        if FileManager.default.fileExists(atPath: collectives) {
            out += try otherCollectiveRows(CSVTable(path: collectives), byLabel)
        }
        return out
    }

    /// NCCL's all-gather, reduce-scatter and all-to-all rows, read when the folder has them.
    public static let otherCollectivesFile = "aic_nccl_other_collectives.csv"

    /// The kernel tables a project measured itself in the aiconfigurator layouts (`gemm.csv`,
    /// `decode_attention.csv`, `prefill_attention.csv`; `data/kernels/h200-own`), none of which
    /// a preset was fitted on: every row is ``MeasuredKernel/Split/heldOut`` (rows the
    /// aiconfigurator reader would exclude stay excluded) — except the attention rows of the GPUs
    /// labelled in `attentionFitted`, whose attention library's figures were fitted on these
    /// tables' FIT rows (``KernelSplitRule``): they keep that split. A table may be absent, not
    /// all three.
    /// - Throws: ``OpValidationError`` when a present file cannot be read or lacks a column,
    ///   or when none of the three is there.
    /// - Complexity: O(rows of the files).
    public static func readOwn(directory: String, gpus: [KernelGPU],
                               attentionFitted: Set<String> = []) throws(OpValidationError) -> [MeasuredKernel] {
        let byLabel = Dictionary(uniqueKeysWithValues: gpus.map { ($0.label, $0) })
        let readers: [(String, (CSVTable, [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel])] = [
            ("gemm.csv", gemmRows), ("decode_attention.csv", decodeRows), ("prefill_attention.csv", prefillRows)]
        var out: [MeasuredKernel] = []
        var found = false
        for (file, reader) in readers {
            let path = directory + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            found = true
            out += try reader(CSVTable(path: path), byLabel).map { row in
                var row = row
                if row.split == .fit, !(row.kind.isAttention && attentionFitted.contains(row.gpu)) { row.split = .heldOut }
                return row
            }
        }
        guard found else {
            throw .unreadable(path: directory, reason: "none of gemm.csv, decode_attention.csv, prefill_attention.csv is there")
        }
        return out
    }

    static func require(_ table: CSVTable, _ columns: [String], _ file: String) throws(OpValidationError) {
        for column in columns where !table.has(column) { throw .missingColumn(path: file, column: column) }
    }

    static func gemmRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "backend", "dtype", "m", "n", "k", "latency_us"], "aic_gemm.csv")
        var out: [MeasuredKernel] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), let gpu = gpus[label], t.string(row, "backend") == gpu.gemmBackend,
                  let dtype = t.string(row, "dtype"), dtype == "bf16" || dtype == "fp8",
                  let m = t.number(row, "m"), let n = t.number(row, "n"), let k = t.number(row, "k"),
                  let us = t.number(row, "latency_us"), us > 0 else { continue }
            let warm = gpu.replaysWarm(bytes: n * k * (dtype == "fp8" ? 1 : 2))
            out.append(MeasuredKernel(gpu: label, op: .gemm(m: Int(m), n: Int(n), k: Int(k), fp8: dtype == "fp8"),
                                         measuredSeconds: us * 1e-6, split: warm ? .excluded : KernelSplitRule.gemm(n: Int(n))))
        }
        return out
    }

    static func decodeRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "backend", "kv_dtype", "batch", "kv_len", "q_heads", "kv_heads", "head_dim", "latency_us",
                        "above_dram_peak"], "aic_decode_attention.csv")
        var out: [MeasuredKernel] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), let gpu = gpus[label], t.string(row, "backend") == gpu.backend,
                  let kv = t.string(row, "kv_dtype"), kv == "bf16" || kv == "fp8",
                  let b = t.number(row, "batch"), let len = t.number(row, "kv_len"), let h = t.number(row, "q_heads"),
                  let hkv = t.number(row, "kv_heads"), let d = t.number(row, "head_dim"),
                  let us = t.number(row, "latency_us"), us > 0 else { continue }
            let kvBytes = 2 * b * (len + 1) * hkv * d * (kv == "fp8" ? 1 : 2)
            let flagged = t.number(row, "above_dram_peak") == 1 || gpu.replaysWarm(bytes: kvBytes)
            out.append(MeasuredKernel(
                gpu: label,
                op: .decodeAttention(batch: Int(b), kvLength: Int(len), heads: Int(h), kvHeads: Int(hkv), headDim: Int(d),
                                     kvBytes: kv == "fp8" ? 1 : 2),
                measuredSeconds: us * 1e-6,
                split: flagged ? .excluded : KernelSplitRule.attention(heads: Int(h), kvHeads: Int(hkv))))
        }
        return out
    }

    static func prefillRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "backend", "dtype", "batch", "seq_len", "q_heads", "kv_heads", "head_dim", "latency_us"],
                    "aic_prefill_attention.csv")
        var out: [MeasuredKernel] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), let gpu = gpus[label], t.string(row, "backend") == gpu.backend,
                  let dtype = t.string(row, "dtype"), dtype == "bf16" || dtype == "fp8",
                  let b = t.number(row, "batch"), let len = t.number(row, "seq_len"), let h = t.number(row, "q_heads"),
                  let hkv = t.number(row, "kv_heads"), let d = t.number(row, "head_dim"),
                  let us = t.number(row, "latency_us"), us > 0 else { continue }
            out.append(MeasuredKernel(
                gpu: label,
                op: .prefillAttention(batch: Int(b), length: Int(len), heads: Int(h), kvHeads: Int(hkv), headDim: Int(d),
                                      elementBytes: dtype == "fp8" ? 1 : 2),
                measuredSeconds: us * 1e-6, split: KernelSplitRule.attention(heads: Int(h), kvHeads: Int(hkv))))
        }
        return out
    }

    static func allReduceRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "algorithm", "variant", "dtype", "gpus", "bytes", "latency_us"], "aic_allreduce.csv")
        var picked: [(label: String, gpus: Int, bytes: Double, custom: Bool, seconds: Double)] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), let gpu = gpus[label], let algorithm = t.string(row, "algorithm"),
                  let count = t.number(row, "gpus"), let bytes = t.number(row, "bytes"),
                  let us = t.number(row, "latency_us"), us > 0 else { continue }
            let custom = algorithm == "custom" && t.string(row, "variant") == gpu.customVariant
            let nccl = algorithm == "nccl" && t.string(row, "dtype") == "fp16"
            guard custom || nccl else { continue }
            picked.append((label, Int(count), bytes, custom, us * 1e-6))
        }
        return splitByMessageSize(picked.map { r in
            (MeasuredKernel(gpu: r.label, op: .allReduce(gpus: r.gpus, bytes: r.bytes, custom: r.custom),
                            measuredSeconds: r.seconds, split: .fit), r.bytes)
        })
    }

    /// `rows` (collectives with their message sizes), each marked fit or held out by
    /// ``KernelSplitRule/allReduce(sizes:)`` over the sizes of its GPU and kind; in input order.
    static func splitByMessageSize(_ rows: [(kernel: MeasuredKernel, bytes: Double)]) -> [MeasuredKernel] {
        var out = rows.map(\.kernel)
        for indices in Dictionary(grouping: rows.indices, by: { "\(rows[$0].kernel.gpu)|\(rows[$0].kernel.kind.rawValue)" }).values {
            let splits = KernelSplitRule.allReduce(sizes: indices.map { rows[$0].bytes })
            for i in indices { out[i].split = splits[rows[i].bytes] ?? .fit }
        }
        return out
    }

    /// The fp16 rows (nccl-tests `-d half`) of `aic_nccl_other_collectives.csv`, split by
    /// message size per GPU and collective as the all-reduce rows are. No figure is fitted on
    /// them: the rows test whether the NCCL link terms fitted on all-reduce carry over.
    static func otherCollectiveRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "collective", "dtype", "gpus", "bytes", "latency_us"], otherCollectivesFile)
        var picked: [(label: String, collective: NCCLCollective, gpus: Int, bytes: Double, seconds: Double)] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), gpus[label] != nil, t.string(row, "dtype") == "fp16",
                  let collective = t.string(row, "collective").flatMap(NCCLCollective.init(rawValue:)),
                  let count = t.number(row, "gpus"), let bytes = t.number(row, "bytes"),
                  let us = t.number(row, "latency_us"), us > 0 else { continue }
            picked.append((label, collective, Int(count), bytes, us * 1e-6))
        }
        return splitByMessageSize(picked.map { r in
            (MeasuredKernel(gpu: r.label, op: .ncclCollective(r.collective, gpus: r.gpus, bytes: r.bytes),
                            measuredSeconds: r.seconds, split: .fit), r.bytes)
        })
    }

    static func moeRows(_ t: CSVTable, _ gpus: [String: KernelGPU]) throws(OpValidationError) -> [MeasuredKernel] {
        try require(t, ["gpu", "backend", "dtype", "num_tokens", "hidden_size", "inter_size", "topk", "num_experts",
                        "moe_tp_size", "moe_ep_size", "distribution", "latency_us"], "aic_moe.csv")
        var out: [MeasuredKernel] = []
        for row in t.rows {
            guard let label = t.string(row, "gpu"), let gpu = gpus[label], let backend = gpu.moeBackend,
                  t.string(row, "backend") == backend, let dtype = t.string(row, "dtype"), dtype == "bf16" || dtype == "fp8",
                  let tokens = t.number(row, "num_tokens"), let h = t.number(row, "hidden_size"),
                  let f = t.number(row, "inter_size"), let k = t.number(row, "topk"), let e = t.number(row, "num_experts"),
                  let tp = t.number(row, "moe_tp_size"), let ep = t.number(row, "moe_ep_size"),
                  let distribution = t.string(row, "distribution"), let us = t.number(row, "latency_us"), us > 0 else { continue }
            out.append(MeasuredKernel(
                gpu: label,
                op: .moe(tokens: Int(tokens), hidden: Int(h), inter: Int(f), topk: Int(k), experts: Int(e), tp: Int(tp),
                         ep: Int(ep), fp8: dtype == "fp8"),
                measuredSeconds: us * 1e-6,
                split: KernelSplitRule.moe(hidden: Int(h), inter: Int(f), fittedDistribution: gpu.readsMoE(distribution: distribution, ep: Int(ep)))))
        }
        return out
    }
}
