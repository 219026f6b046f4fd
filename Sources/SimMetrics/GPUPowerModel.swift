import CostModel

/// The power one GPU draws, from what it does, and the host power charged to it.
///
/// While the GPU runs an iteration:
///
///     P = min(P_max, P_idle + P_busy + P_compute · a_c + P_memory · a_m + P_attention · s_a
///                    + P_prefill-attention · s_p)
///
/// where a_c = FLOPs / (seconds · peak FLOP/s) is its tensor activity and a_m = bytes /
/// (seconds · HBM bandwidth) its HBM activity over that iteration (each capped at 1), the FLOPs,
/// bytes and seconds being the cost model's (``IterationCost``) for that GPU's share. Between
/// iterations it draws P_idle. s_a is the share of the iteration's time spent in decode
/// attention (``IterationCost/attentionSeconds``), s_p the share in prefill attention
/// (``IterationCost/prefillAttentionSeconds``). This is the activity-based form of GPU
/// power models such as Hong & Kim, "An integrated GPU power and performance model" (ISCA
/// 2010: static power plus per-unit dynamic power × access rate), reduced to what dominates
/// LLM serving: tensor cores, HBM, and the SMs' own work in decode attention. Because
/// P − P_idle − P_busy is linear in the activities, an uncapped iteration's dynamic energy is
/// P_compute · FLOPs / peak + P_memory · bytes / bw + P_attention · attention seconds:
/// a weight-int4 decode step that moves a quarter of the weight bytes spends a quarter of
/// their memory energy, and is shorter, so its busy-static energy shrinks too.
///
/// Figures: P_attention (P_prefill-attention) of h200 is the mean shortfall of the other three
/// terms on the project's own sustained decode-attention (prefill-attention) kernels on H200
/// (`data/kernels/h200-own/power.csv`, `scripts/fit-power.py`; the whole steps of that folder and
/// ML.ENERGY held out), carried to h100-sxm; 0 elsewhere. The presets of h200 and b200 set P_busy, P_compute and P_memory fitted by
/// `scripts/fit-power.py` on aiconfigurator's measured kernel power
/// (`data/kernels/aic_kernel_power.csv`; fit and held-out errors in the script's output and in
/// `docs/energy-validation.md`); h100-sxm carries H200's P_memory and P_attention over (same
/// die and limit) and has P_busy and P_compute fitted on the watts ML.ENERGY measured on H100
/// (`simserve validate energy --fit-power`; its held-out rows in VALIDATION.md). Other
/// GPUs take the defaults below, fractions of their swing P_max − P_idle: the mean of the
/// H200 and B200 fits (busy 0.40 and 0.65, compute 0.82 and 1.0, memory 0.26 and 0.15 of the
/// swing), rounded. Host power is an estimate, not a measurement: see
/// ``defaultHostWattsPerGPU``.
public struct GPUPowerModel: Equatable, Sendable {
    /// Power of an idle GPU, W.
    public var idleWatts: Double
    /// Power limit (TDP), W: no iteration draws more.
    public var maxWatts: Double
    /// Power above idle while an iteration runs, at zero activity, W.
    public var busyStaticWatts: Double
    /// Power added at 100 % tensor activity, W.
    public var computeDynamicWatts: Double
    /// Power added at 100 % HBM activity, W.
    public var memoryDynamicWatts: Double
    /// Power added while decode attention runs, W, times decode attention's share of the
    /// iteration's time: its split-KV kernels keep every SM busy with softmax and loads on
    /// the CUDA cores, which the tensor and HBM activities do not see (on H200 they run at the
    /// 700 W cap at half the HBM bandwidth, where a GEMV at 80 % of it draws ~660 W). 0 unless
    /// the hardware table sets it.
    public var attentionDynamicWatts: Double = 0
    /// Power added while prefill attention runs, W, times prefill attention's share of the
    /// iteration's time: FlashAttention-class prefill keeps the SMs busy with softmax and
    /// rescaling beside its tensor-core work (on H200, sustained at the 700 W cap at 0.3 tensor
    /// activity, where the tensor and HBM terms give ~490 W). 0 unless the hardware table sets it.
    public var prefillAttentionDynamicWatts: Double = 0
    /// Host power (CPUs, DRAM, NICs) charged to each GPU over the whole run, W.
    public var hostWattsPerGPU: Double
    /// Time constant of the GPU's power-limit control, s: the clock is lowered while the power
    /// averaged over about this time would pass `maxWatts` (``PowerLimitedClock``). nil: the
    /// clock is never lowered (an iteration's power is only capped in the energy it is charged).
    public var limitTimeConstantSeconds: Double?
    /// Peaks that turn FLOPs and bytes into activities: dense tensor FLOP/s at the model's
    /// weight type, and HBM bytes/s (datasheet).
    public var peakFlopsPerSecond: Double
    public var memoryBytesPerSecond: Double

    /// Default busy, compute and memory powers as fractions of P_max − P_idle (see above).
    public static let defaultBusyStaticFraction = 0.5
    public static let defaultComputeDynamicFraction = 0.9
    public static let defaultMemoryDynamicFraction = 0.2
    /// Host power per GPU when the hardware table sets none, W. An estimate for an 8-GPU
    /// HGX/DGX-class server: two 350 W server CPUs (the DGX H100's Xeon Platinum 8480C) at
    /// about 60 % of their TDP under serving, ~60 W of DRAM and ~250 W of NICs and storage,
    /// ≈ 1.2 kW per node, over 8 GPUs. Fans, NVSwitches and power-supply losses are left out
    /// (the DGX H100's 10.2 kW maximum leaves 4.6 kW to all of them and the host).
    public static let defaultHostWattsPerGPU = 150.0

    public init(idleWatts: Double, maxWatts: Double, busyStaticWatts: Double, computeDynamicWatts: Double,
                memoryDynamicWatts: Double, hostWattsPerGPU: Double, peakFlopsPerSecond: Double,
                memoryBytesPerSecond: Double) {
        self.idleWatts = idleWatts
        self.maxWatts = maxWatts
        self.busyStaticWatts = busyStaticWatts
        self.computeDynamicWatts = computeDynamicWatts
        self.memoryDynamicWatts = memoryDynamicWatts
        self.hostWattsPerGPU = hostWattsPerGPU
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.memoryBytesPerSecond = memoryBytesPerSecond
    }

    /// The hardware table's figures, its defaults where it sets none; activities against the
    /// tensor peak of `weightDtype` (the rate the model's GEMMs run at).
    public init(_ spec: HardwareSpec, weightDtype: DataType) {
        let swing = max(0, spec.maxWatts - spec.idleWatts)
        self.init(idleWatts: spec.idleWatts, maxWatts: spec.maxWatts,
                  busyStaticWatts: spec.busyStaticWatts ?? Self.defaultBusyStaticFraction * swing,
                  computeDynamicWatts: spec.computeDynamicWatts ?? Self.defaultComputeDynamicFraction * swing,
                  memoryDynamicWatts: spec.memoryDynamicWatts ?? Self.defaultMemoryDynamicFraction * swing,
                  hostWattsPerGPU: spec.hostWattsPerGPU ?? Self.defaultHostWattsPerGPU,
                  peakFlopsPerSecond: spec.peakFlopsPerSecond(for: weightDtype),
                  memoryBytesPerSecond: spec.hbmBandwidthGBs * 1e9)
        attentionDynamicWatts = spec.attentionDynamicWatts ?? 0
        prefillAttentionDynamicWatts = spec.prefillAttentionDynamicWatts ?? 0
        limitTimeConstantSeconds = spec.powerLimitTimeConstantMs.map { $0 / 1000 }
    }

    /// Power of one GPU while it runs `flops` and moves `bytes` in `seconds`, spending
    /// `attentionShare` (0…1) of that time in decode attention and `prefillAttentionShare` in
    /// prefill attention, W.
    @inline(__always)
    public func busyWatts(flops: Double, bytes: Double, seconds: Double, attentionShare: Double = 0,
                          prefillAttentionShare: Double = 0) -> Double {
        min(maxWatts, uncappedBusyWatts(flops: flops, bytes: bytes, seconds: seconds, attentionShare: attentionShare,
                                        prefillAttentionShare: prefillAttentionShare))
    }

    /// Power of a running iteration at zero activity (P_idle + P_busy), W: what a lowered clock
    /// does not reduce (``PowerLimitedClock``).
    public var staticWatts: Double { idleWatts + busyStaticWatts }

    /// ``busyWatts(flops:bytes:seconds:attentionShare:)`` before the cap at `maxWatts`: what
    /// the iteration would draw at full clock, W.
    @inline(__always)
    public func uncappedBusyWatts(flops: Double, bytes: Double, seconds: Double, attentionShare: Double = 0,
                                  prefillAttentionShare: Double = 0) -> Double {
        guard seconds > 0 else { return idleWatts }
        let compute = min(1, flops / (seconds * peakFlopsPerSecond))
        let memory = min(1, bytes / (seconds * memoryBytesPerSecond))
        let attention = min(1, max(0, attentionShare))
        let watts = idleWatts + busyStaticWatts + computeDynamicWatts * compute + memoryDynamicWatts * memory
            + attentionDynamicWatts * attention
        // Most GPUs set no prefill-attention term: skip its clamp and product.
        guard prefillAttentionDynamicWatts != 0 else { return watts }
        return watts + prefillAttentionDynamicWatts * min(1, max(0, prefillAttentionShare))
    }

    /// Energy above idle of one iteration that keeps `gpus` GPUs busy for `seconds`, sharing
    /// `flops` and `bytes` evenly, J. O(1), no allocation.
    @inline(__always)
    public func joulesAboveIdle(flops: Double, bytes: Double, seconds: Double, gpus: Int,
                                attentionShare: Double = 0, prefillAttentionShare: Double = 0) -> Double {
        guard seconds > 0, gpus > 0 else { return 0 }
        let n = Double(gpus)
        return n * seconds * (busyWatts(flops: flops / n, bytes: bytes / n, seconds: seconds,
                                        attentionShare: attentionShare, prefillAttentionShare: prefillAttentionShare)
                              - idleWatts)
    }
}
