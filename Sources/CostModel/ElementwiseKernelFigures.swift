/// Each elementwise kernel's own fixed time, single-row rate and rate beyond the L2 cache: flat,
/// optional keys of the `[hardware]` table (`<kernel>_launch_us`, `<kernel>_row_gbs`,
/// `<kernel>_beyond_l2_efficiency` for norm, rope, activation, add, embedding, and the GPU's
/// `l2_cache_mb`). Absent, a kernel takes `elementwise_launch_us`, has no row term and streams
/// every byte at its `<kernel>_efficiency`.
///
/// Why a row term: the norm, rotary and SiLU·gate kernels of vLLM and PyTorch launch one
/// thread block per token, which walks that token's row; until the batch fills the GPU the
/// kernel takes as long as one block takes to stream one row, whatever the number of tokens
/// (the Vidur A100 profile is flat from 1 to ~100 tokens, at a height that grows with the row:
/// mlp_act 7 µs for Llama-2-7B's 11008-wide rows, 22 µs for Llama-2-70B's 28672). Fitted
/// values: see `HardwarePresets` and data/kernels/README.md.
///
/// Why an L2 term: while a kernel's bytes (input and output) fit in the L2 cache its output
/// stays there; beyond it, every byte goes to HBM and the kernel streams more slowly (the A100
/// profile's RMSNorm reaches ~760 GB/s up to ~1,800 tokens of Llama-2-7B, 640 GB/s beyond).
/// Bytes up to `l2_cache_mb` stream at `<kernel>_efficiency`, the rest at
/// `<kernel>_beyond_l2_efficiency`.
public struct ElementwiseKernelFigures: Codable, Equatable, Sendable {
    public var normLaunchUs: Double?, ropeLaunchUs: Double?, activationLaunchUs: Double?
    public var addLaunchUs: Double?, embeddingLaunchUs: Double?
    public var normRowGBs: Double?, ropeRowGBs: Double?, activationRowGBs: Double?
    public var addRowGBs: Double?, embeddingRowGBs: Double?
    public var normBeyondL2Efficiency: Double?, ropeBeyondL2Efficiency: Double?
    public var activationBeyondL2Efficiency: Double?, addBeyondL2Efficiency: Double?
    public var embeddingBeyondL2Efficiency: Double?
    /// The GPU's L2 cache, MB (1e6 bytes); nil: no L2 term.
    public var l2CacheMB: Double?

    public init() {}

    /// Every figure by its `[hardware]` key, nil where absent (for the profile writers).
    public var keyValues: [(String, Double?)] {
        let values: [CodingKeys: Double?] = [
            .normLaunchUs: normLaunchUs, .ropeLaunchUs: ropeLaunchUs, .activationLaunchUs: activationLaunchUs,
            .addLaunchUs: addLaunchUs, .embeddingLaunchUs: embeddingLaunchUs, .normRowGBs: normRowGBs,
            .ropeRowGBs: ropeRowGBs, .activationRowGBs: activationRowGBs, .addRowGBs: addRowGBs,
            .embeddingRowGBs: embeddingRowGBs, .normBeyondL2Efficiency: normBeyondL2Efficiency,
            .ropeBeyondL2Efficiency: ropeBeyondL2Efficiency, .activationBeyondL2Efficiency: activationBeyondL2Efficiency,
            .addBeyondL2Efficiency: addBeyondL2Efficiency, .embeddingBeyondL2Efficiency: embeddingBeyondL2Efficiency,
            .l2CacheMB: l2CacheMB,
        ]
        return CodingKeys.allCases.map { ($0.stringValue, values[$0] ?? nil) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case normLaunchUs = "norm_launch_us", ropeLaunchUs = "rope_launch_us"
        case activationLaunchUs = "activation_launch_us", addLaunchUs = "add_launch_us"
        case embeddingLaunchUs = "embedding_launch_us"
        case normRowGBs = "norm_row_gbs", ropeRowGBs = "rope_row_gbs", activationRowGBs = "activation_row_gbs"
        case addRowGBs = "add_row_gbs", embeddingRowGBs = "embedding_row_gbs"
        case normBeyondL2Efficiency = "norm_beyond_l2_efficiency", ropeBeyondL2Efficiency = "rope_beyond_l2_efficiency"
        case activationBeyondL2Efficiency = "activation_beyond_l2_efficiency"
        case addBeyondL2Efficiency = "add_beyond_l2_efficiency", embeddingBeyondL2Efficiency = "embedding_beyond_l2_efficiency"
        case l2CacheMB = "l2_cache_mb"
    }

    /// Reads whichever keys are present (floats or integers). Fixed times must be finite and
    /// ≥ 0 µs, row rates finite and > 0 GB/s, efficiencies in (0, 1.2], the L2 size > 0 MB.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            let value = try c.decodeNumber(forKey: key)
            let name = key.stringValue
            let problem: String?
            if name.hasSuffix("_gbs") {
                problem = value.isFinite && value > 0 ? nil : "must be a finite rate > 0 GB/s, got \(value)"
            } else if name.hasSuffix("_efficiency") {
                problem = value > 0 && value <= 1.2 ? nil : "must be in (0, 1.2] (a fraction of the peak), got \(value)"
            } else if name.hasSuffix("_mb") {
                problem = value.isFinite && value > 0 ? nil : "must be a finite size > 0 MB, got \(value)"
            } else {
                problem = value.isFinite && value >= 0 ? nil : "must be a finite time ≥ 0 µs, got \(value)"
            }
            if let problem { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: problem) }
            return value
        }
        normLaunchUs = try read(.normLaunchUs)
        ropeLaunchUs = try read(.ropeLaunchUs)
        activationLaunchUs = try read(.activationLaunchUs)
        addLaunchUs = try read(.addLaunchUs)
        embeddingLaunchUs = try read(.embeddingLaunchUs)
        normRowGBs = try read(.normRowGBs)
        ropeRowGBs = try read(.ropeRowGBs)
        activationRowGBs = try read(.activationRowGBs)
        addRowGBs = try read(.addRowGBs)
        embeddingRowGBs = try read(.embeddingRowGBs)
        normBeyondL2Efficiency = try read(.normBeyondL2Efficiency)
        ropeBeyondL2Efficiency = try read(.ropeBeyondL2Efficiency)
        activationBeyondL2Efficiency = try read(.activationBeyondL2Efficiency)
        addBeyondL2Efficiency = try read(.addBeyondL2Efficiency)
        embeddingBeyondL2Efficiency = try read(.embeddingBeyondL2Efficiency)
        l2CacheMB = try read(.l2CacheMB)
    }
}

/// One elementwise kernel as ``KernelTimeModel`` times it: HBM rates within and beyond the L2
/// cache, fixed time, and the seconds per byte of one row through one block (0: no row term).
struct ElementwiseKernel: Sendable {
    let bytesPerSecond: Double
    let launchSeconds: Double
    let rowSecondsPerByte: Double
    /// Bytes streamed at `bytesPerSecond` before the rest goes at `beyondL2BytesPerSecond`
    /// (infinite: no L2 term).
    let l2Bytes: Double
    let beyondL2BytesPerSecond: Double
    /// The most a CUDA-graph replay takes off this kernel: its own fixed time when it has one
    /// (a measured fixed time below the graph's launch saving cannot go negative); unbounded
    /// with the shared `elementwise_launch_us`, whose floor bounds it.
    let maxGraphSavingSeconds: Double

    init(bytesPerSecond: Double, launchUs: Double, rowGBs: Double?, l2MB: Double? = nil,
         beyondL2BytesPerSecond: Double? = nil, ownLaunch: Bool = false) {
        self.bytesPerSecond = bytesPerSecond
        launchSeconds = launchUs * 1e-6
        maxGraphSavingSeconds = ownLaunch ? launchUs * 1e-6 : .infinity
        rowSecondsPerByte = rowGBs.map { 1 / ($0 * 1e9) } ?? 0
        if let l2MB, let beyondL2BytesPerSecond {
            l2Bytes = l2MB * 1e6
            self.beyondL2BytesPerSecond = beyondL2BytesPerSecond
        } else {
            l2Bytes = .infinity
            self.beyondL2BytesPerSecond = bytesPerSecond
        }
    }

    /// What a CUDA-graph replay that saves `saving` seconds per kernel takes off this one.
    @inline(__always)
    func graphSaving(_ saving: Double) -> Double { min(saving, maxGraphSavingSeconds) }

    /// Seconds to stream `bytes` through HBM.
    @inline(__always)
    func streamSeconds(_ bytes: Double) -> Double {
        bytes <= l2Bytes ? bytes / bytesPerSecond
            : l2Bytes / bytesPerSecond + (bytes - l2Bytes) / beyondL2BytesPerSecond
    }
}
