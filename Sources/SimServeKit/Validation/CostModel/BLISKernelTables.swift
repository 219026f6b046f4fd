/// Reads the BLIS H100 kernel tables in `../shared/data/h100-kernels` (measured by others with
/// another harness, never fitted on) into ``MeasuredKernel``s, all held out.
///
/// - `h100_attention_kernels.csv` (kind, q_heads, kv_heads, head_dim, tp, dtype, kv_dtype,
///   batch_size, kv_len, seq_len, latency_us): a model's whole head counts and its TP degree;
///   one GPU runs q_heads / tp query heads and max(1, ⌈kv_heads / tp⌉) KV heads. Decode rows
///   have `kv_len` cached tokens, prefill rows `seq_len` new tokens and no cache.
/// - `h100_gemm.csv` (m, k, n, latency_us): the element type is not given. The large GEMMs
///   run at ~1,270 TFLOP/s, above H100's dense bf16 peak of 989 TFLOP/s, so they cannot be
///   bf16: the table is read as fp8 (``gemmElementType``).
public enum BLISKernelTables {
    /// The label of these rows in reports.
    public static let label = "H100-SXM (BLIS)"
    /// How the GEMM table is read: fp8 weights and activations (see the type's discussion).
    public static let gemmElementType = DataType.fp8

    /// The rows of both files under `directory`.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column.
    /// - Complexity: O(rows).
    public static func read(directory: String) throws(OpValidationError) -> [MeasuredKernel] {
        try attentionRows(CSVTable(path: directory + "/h100_attention_kernels.csv"))
            + gemmRows(CSVTable(path: directory + "/h100_gemm.csv"))
    }

    static func attentionRows(_ t: CSVTable) throws(OpValidationError) -> [MeasuredKernel] {
        try AIConfiguratorTables.require(t, ["kind", "q_heads", "kv_heads", "head_dim", "tp", "batch_size", "kv_len",
                                             "seq_len", "latency_us"], "h100_attention_kernels.csv")
        var out: [MeasuredKernel] = []
        for row in t.rows {
            guard let kind = t.string(row, "kind"), let q = t.number(row, "q_heads"), let kv = t.number(row, "kv_heads"),
                  let d = t.number(row, "head_dim"), let tp = t.number(row, "tp"), tp >= 1,
                  let b = t.number(row, "batch_size"), let us = t.number(row, "latency_us"), us > 0 else { continue }
            let heads = Int(q / tp), kvHeads = max(1, Int((kv / tp).rounded(.up)))
            let op: MeasuredKernel.Op
            if kind == "decode", let len = t.number(row, "kv_len") {
                op = .decodeAttention(batch: Int(b), kvLength: Int(len), heads: heads, kvHeads: kvHeads, headDim: Int(d),
                                      kvBytes: 2)
            } else if kind == "prefill", let len = t.number(row, "seq_len") {
                op = .prefillAttention(batch: Int(b), length: Int(len), heads: heads, kvHeads: kvHeads, headDim: Int(d),
                                       elementBytes: 2)
            } else { continue }
            out.append(MeasuredKernel(gpu: label, op: op, measuredSeconds: us * 1e-6, split: .heldOut))
        }
        return out
    }

    static func gemmRows(_ t: CSVTable) throws(OpValidationError) -> [MeasuredKernel] {
        try AIConfiguratorTables.require(t, ["m", "k", "n", "latency_us"], "h100_gemm.csv")
        return t.rows.compactMap { row in
            guard let m = t.number(row, "m"), let k = t.number(row, "k"), let n = t.number(row, "n"),
                  let us = t.number(row, "latency_us"), us > 0 else { return nil }
            return MeasuredKernel(gpu: label, op: .gemm(m: Int(m), n: Int(n), k: Int(k), fp8: gemmElementType == .fp8),
                                     measuredSeconds: us * 1e-6, split: .heldOut)
        }
    }
}
