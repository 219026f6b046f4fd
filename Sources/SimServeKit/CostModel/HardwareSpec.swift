/// One GPU (and its link to its TP peers), as the roofline cost model sees it.
///
/// Peak figures are datasheet numbers (dense, i.e. without 2:4 sparsity); efficiencies η in
/// (0, 1] turn them into what kernels reach. Units are in the names: TFLOP/s = 1e12 FLOP/s,
/// GB/s = 1e9 bytes/s, GB = 1e9 bytes (not GiB), µs = 1e-6 s.
///
/// The per-op model that uses these fields is ``KernelTimeModel``; where a field enters which
/// formula is documented there.
public struct HardwareSpec: Codable, Equatable, Sendable {
    /// Display name, e.g. "a100-80gb".
    public var name: String
    /// Dense fp16/bf16 tensor-core peak, TFLOP/s.
    public var peakTflops: Double
    /// Dense fp8 tensor-core peak, TFLOP/s; nil where the GPU has no fp8 tensor cores.
    public var peakTflopsFP8: Double?
    /// HBM (or GDDR) bandwidth, GB/s.
    public var hbmBandwidthGBs: Double
    /// Memory capacity, GB (1e9 bytes).
    public var memoryGB: Double
    /// Intra-node GPU-to-GPU bandwidth per direction, GB/s (NVLink, or PCIe where none).
    public var linkBandwidthGBs: Double
    /// Latency of one step of a ring collective, µs (α of the α–β model).
    public var linkLatencyUs: Double
    /// Power at idle, W.
    public var idleWatts: Double
    /// Power at full load (TDP), W.
    public var maxWatts: Double
    /// Typical on-demand cloud price of one GPU, USD per hour.
    public var costPerHour: Double
    /// η_compute: fraction of `peakTflops` that large GEMMs and attention reach.
    public var computeEfficiency: Double
    /// η_mem: fraction of `hbmBandwidthGBs` that streaming kernels reach.
    public var memoryEfficiency: Double
    /// Fixed cost of one iteration outside the kernels (scheduling, input preparation,
    /// sampling), µs.
    public var iterationOverheadUs: Double
    /// Fixed GPU time of one kernel (launch and ramp-up/drain of its first and last wave), µs.
    public var kernelLaunchUs: Double
    /// Streaming multiprocessors, for wave quantisation of GEMM tiles. Optional in TOML
    /// (default 108, the A100's count).
    public var smCount: Int
    /// Fraction of `linkBandwidthGBs` that NCCL's ring all-reduce reaches (its "bus
    /// bandwidth" over the link rate). Optional in TOML, default 0.8.
    public var linkEfficiency: Double

    enum CodingKeys: String, CodingKey {
        case name, peakTflops = "peak_tflops", peakTflopsFP8 = "peak_tflops_fp8"
        case hbmBandwidthGBs = "hbm_bandwidth_gbs", memoryGB = "memory_gb"
        case linkBandwidthGBs = "link_bandwidth_gbs", linkLatencyUs = "link_latency_us"
        case idleWatts = "idle_watts", maxWatts = "max_watts", costPerHour = "cost_per_hour"
        case computeEfficiency = "compute_efficiency", memoryEfficiency = "memory_efficiency"
        case iterationOverheadUs = "iteration_overhead_us", kernelLaunchUs = "kernel_launch_us"
        case smCount = "sm_count", linkEfficiency = "link_efficiency"
    }

    public init(name: String, peakTflops: Double, peakTflopsFP8: Double? = nil,
                hbmBandwidthGBs: Double, memoryGB: Double, linkBandwidthGBs: Double,
                linkLatencyUs: Double, idleWatts: Double, maxWatts: Double, costPerHour: Double,
                computeEfficiency: Double, memoryEfficiency: Double, iterationOverheadUs: Double,
                kernelLaunchUs: Double, smCount: Int = 108, linkEfficiency: Double = 0.8) {
        self.name = name
        self.peakTflops = peakTflops
        self.peakTflopsFP8 = peakTflopsFP8
        self.hbmBandwidthGBs = hbmBandwidthGBs
        self.memoryGB = memoryGB
        self.linkBandwidthGBs = linkBandwidthGBs
        self.linkLatencyUs = linkLatencyUs
        self.idleWatts = idleWatts
        self.maxWatts = maxWatts
        self.costPerHour = costPerHour
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.iterationOverheadUs = iterationOverheadUs
        self.kernelLaunchUs = kernelLaunchUs
        self.smCount = smCount
        self.linkEfficiency = linkEfficiency
    }

    /// Decodes numbers written either as TOML floats or integers (`peak_tflops = 312`), and
    /// fills the optional shape parameters with their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double {
            if let d = try? c.decode(Double.self, forKey: key) { return d }
            return Double(try c.decode(Int.self, forKey: key))
        }
        func optionalNumber(_ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            return try number(key)
        }
        self.init(
            name: try c.decode(String.self, forKey: .name),
            peakTflops: try number(.peakTflops),
            peakTflopsFP8: try optionalNumber(.peakTflopsFP8),
            hbmBandwidthGBs: try number(.hbmBandwidthGBs),
            memoryGB: try number(.memoryGB),
            linkBandwidthGBs: try number(.linkBandwidthGBs),
            linkLatencyUs: try number(.linkLatencyUs),
            idleWatts: try number(.idleWatts),
            maxWatts: try number(.maxWatts),
            costPerHour: try number(.costPerHour),
            computeEfficiency: try number(.computeEfficiency),
            memoryEfficiency: try number(.memoryEfficiency),
            iterationOverheadUs: try number(.iterationOverheadUs),
            kernelLaunchUs: try number(.kernelLaunchUs),
            smCount: c.contains(.smCount) ? try c.decode(Int.self, forKey: .smCount) : 108,
            linkEfficiency: try optionalNumber(.linkEfficiency) ?? 0.8)
    }
}

extension HardwareSpec {
    /// Peak tensor FLOP/s for GEMMs whose weights are stored in `dtype`.
    ///
    /// fp8 weights run on fp8 tensor cores where the GPU has them; every other type
    /// (int8/int4 weight-only quantisation included) is dequantised and multiplied in
    /// fp16/bf16, so it gets `peakTflops`.
    public func peakFlopsPerSecond(for dtype: DataType) -> Double {
        if dtype == .fp8, let fp8 = peakTflopsFP8 { return fp8 * 1e12 }
        return peakTflops * 1e12
    }

    /// Memory capacity in bytes.
    public var memoryBytes: Double { memoryGB * 1e9 }
}
