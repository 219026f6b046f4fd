import Foundation
import SimServeKit

/// This CPU as a "device" of the simulator's roofline cost model: the same per-kernel forms as
/// the GPU model (``SimServeKit/HardwareSpec`` and its `KernelTimeModel`), with parameters
/// fitted to timings of the calibrator's own kernels (``CostModelFit``).
///
/// - GEMM: launch + softmax_p(2·⌈m/6⌉·6·n·k / (peak·η_c), bytes / (bw·η_m)) — rows padded
///   to the microkernel's 6-row tile (η_c then depends on m through the padding and the soft
///   maximum), p the roofline sharpness.
/// - Prefill attention: overhead + max(4·H·D·W / (peak·η_prefill), bytes / (bw·η_m)), W the
///   tiled work of ``attentionQueryTile``-row query tiles (the kernel's
///   ``PrefillAttention/queryBlock``), or the unmasked c·(o + c) when the tile is nil.
/// - Decode attention: launch + per-sequence · B + max(KV bytes / (bw·η_decode), FLOPs /
///   (peak·η_c)).
///
/// peak is the theoretical FP32 peak of the cores used (``MachineDescription``); bw is the
/// measured STREAM triad bandwidth, so η_m is relative to STREAM, not to a datasheet.
public struct CPUCostModel: Equatable, Sendable {
    public var peakFlopsPerSecond: Double
    public var bandwidthBytesPerSecond: Double
    public var launchSeconds: Double = 10e-6
    public var computeEfficiency: Double = 0.7
    public var memoryEfficiency: Double = 0.8
    /// p of the soft maximum; ≥ 32 is the plain max.
    public var sharpness: Double = 2
    public var tileRows: Int = Matmul.rowTile
    public var prefillEfficiency: Double = 0.3
    public var prefillOverheadSeconds: Double = 10e-6
    /// Query rows per tile of the prefill attention kernel (its time follows the tiled
    /// work); nil: the unmasked work.
    public var attentionQueryTile: Int? = PrefillAttention.queryBlock
    public var decodeEfficiency: Double = 0.2
    public var decodePerSequenceSeconds: Double = 1e-6

    public init(peakFlopsPerSecond: Double, bandwidthBytesPerSecond: Double) {
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }

    /// Predicted wall time of `kernel`, seconds.
    public func seconds(_ kernel: KernelCase) -> Double {
        switch kernel {
        case let .gemm(m, n, k):
            let rows = Double((m + tileRows - 1) / tileRows * tileRows)
            let compute = 2 * rows * Double(n) * Double(k) / (peakFlopsPerSecond * computeEfficiency)
            let memory = kernel.bytes / (bandwidthBytesPerSecond * memoryEfficiency)
            return launchSeconds + softMax(compute, memory)
        case .triad:
            return launchSeconds + kernel.bytes / bandwidthBytesPerSecond
        case .prefillAttention:
            let compute = prefillTimedFlops(kernel) / (peakFlopsPerSecond * prefillEfficiency)
            let memory = kernel.bytes / (bandwidthBytesPerSecond * memoryEfficiency)
            return prefillOverheadSeconds + max(compute, memory)
        case let .decodeAttention(_, _, _, sequences, _):
            let memory = kernel.bytes / (bandwidthBytesPerSecond * decodeEfficiency)
            let compute = kernel.flops / (peakFlopsPerSecond * computeEfficiency)
            return launchSeconds + decodePerSequenceSeconds * Double(sequences) + max(memory, compute)
        }
    }

    /// The prefill attention work that the model times: tiled when ``attentionQueryTile`` is
    /// set, else unmasked.
    public func prefillTimedFlops(_ kernel: KernelCase) -> Double {
        attentionQueryTile.map { kernel.tiledAttentionFlops(tile: $0) } ?? kernel.squareAttentionFlops
    }

    /// (aᵖ + bᵖ)^(1/p), as `KernelTimeModel.softMax`.
    func softMax(_ a: Double, _ b: Double) -> Double {
        guard sharpness < 32 else { return max(a, b) }
        let hi = max(a, b)
        guard hi > 0 else { return 0 }
        return hi * pow(1 + pow(min(a, b) / hi, sharpness), 1 / sharpness)
    }

    /// The fit as the simulator's hardware description.
    ///
    /// The CPU has no TP peers, tensor cores or CUDA graphs: the link is shared memory
    /// (STREAM bandwidth, 1 µs per step), `cuda_graphs` is off, the FP8/INT8 peaks are
    /// absent. Power and price are not measured: `idle_watts`/`max_watts` are 2/7 W per core
    /// (server cores' typical share of package power) and `cost_per_hour` $0.04 per core-hour
    /// (on-demand x86 cloud vCPUs, 2024); `iteration_overhead_us` is 0 (the calibrator times
    /// kernels, not a serving loop's scheduling).
    public func hardwareSpec(name: String, memoryGB: Double, cores: Int) -> HardwareSpec {
        var shape = KernelShapeParameters()
        shape.rooflineSharpness = sharpness
        shape.gemmTileRows = tileRows
        shape.prefillAttentionEfficiency = prefillEfficiency
        shape.prefillAttentionOverheadUs = prefillOverheadSeconds * 1e6
        shape.attentionQueryTile = attentionQueryTile
        // Working sets that stay in cache stream faster than the STREAM triad measured from
        // DRAM: a fitted efficiency above 1 is folded into the bandwidth (same predictions; a
        // hardware description keeps its efficiencies in (0, 1]).
        let fold = max(1, memoryEfficiency)
        shape.decodeAttentionEfficiency = decodeEfficiency / fold
        shape.decodeAttentionPerSequenceUs = decodePerSequenceSeconds * 1e6
        shape.collectiveOverheadUs = 0
        let coreCount = Double(cores)
        return HardwareSpec(
            name: name, peakTflops: peakFlopsPerSecond / 1e12, hbmBandwidthGBs: bandwidthBytesPerSecond * fold / 1e9,
            memoryGB: memoryGB, linkBandwidthGBs: bandwidthBytesPerSecond / 1e9, linkLatencyUs: 1,
            idleWatts: 2 * coreCount, maxWatts: 7 * coreCount, costPerHour: 0.04 * coreCount,
            computeEfficiency: computeEfficiency, memoryEfficiency: memoryEfficiency / fold,
            iterationOverheadUs: 0, kernelLaunchUs: launchSeconds * 1e6, linkEfficiency: 1,
            cudaGraphs: false, shape: shape)
    }
}
