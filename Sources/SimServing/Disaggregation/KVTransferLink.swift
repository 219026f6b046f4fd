/// The path a request's KV cache takes from the prefill replica that computed it to the decode
/// replica that continues it (disaggregated serving).
///
/// A transfer of `bytes` costs `latency + bytes / (bandwidth · lanes)`: the KV of a TP group is
/// sharded by head, so the GPUs of the smaller of the two groups each move their share over
/// their own link in parallel (`lanes` = min(prefill TP, decode TP)). Transfers out of one
/// prefill replica take its links one after another (FIFO).
///
/// With `layerwise` the KV of each layer leaves as soon as the prefill has computed it
/// (DistServe and Mooncake stream layer by layer): of a prefill iteration of T seconds over L
/// layers and a transfer of S seconds, the last byte leaves max(T + S/L, T/L + S) after the
/// iteration starts — only max(S/L, S − T(1 − 1/L)) after it ends. Earlier chunks of a
/// chunked prefill are counted as sent with the last (conservative). Without it the whole
/// request's KV leaves once the prefill has ended.
public struct KVTransferLink: Equatable, Sendable {
    public var name: String
    /// Per GPU, one direction, bytes/s (`.infinity`: an ideal link).
    public var bytesPerSecondPerGPU: Double
    public var latencySeconds: Double
    public var layerwise: Bool

    public init(name: String, bytesPerSecondPerGPU: Double, latencySeconds: Double, layerwise: Bool) {
        self.name = name
        self.bytesPerSecondPerGPU = bytesPerSecondPerGPU
        self.latencySeconds = latencySeconds
        self.layerwise = layerwise
    }

    /// Seconds the link is occupied by `bytes` over `lanes` GPUs in parallel (latency apart).
    public func occupancySeconds(bytes: Double, lanes: Int) -> Double {
        bytesPerSecondPerGPU.isInfinite ? 0 : bytes / (bytesPerSecondPerGPU * Double(max(1, lanes)))
    }

    /// The presets: bandwidth per GPU per direction and a one-way latency per transfer.
    ///
    /// - `nvlink`: NVLink 4 (H100/H200 SXM), 900 GB/s bidirectional per GPU → 450 GB/s one way
    ///   (NVIDIA H100 Tensor Core GPU datasheet, 2023; the `h100-sxm` hardware preset uses the
    ///   same figure). Latency 5 µs: the NCCL step latency the hardware presets take for NVLink
    ///   (HardwarePresets.swift, `link_latency_us` note).
    /// - `infiniband`: NDR 400 Gb/s per GPU = 50 GB/s (one ConnectX-7 NDR port per GPU as in DGX
    ///   H100; NVIDIA ConnectX-7 user manual, docs.nvidia.com/networking, "Single-port 400Gb/s",
    ///   read 2026-12). Latency 10 µs: an assumption for NIC + one switch hop + the transfer
    ///   engine's per-request set-up (RDMA verbs themselves take a few µs); override with
    ///   `latency_us`.
    /// - `roce`: 400GbE on the same ConnectX-7 = 50 GB/s (same manual: "NDR 400Gb/s and
    ///   400GbE"). Latency 20 µs: assumption, Ethernet switching and congestion control above IB.
    /// - `pcie`: PCIe Gen5 x16, 128 GB/s bidirectional → 64 GB/s one way (PCI-SIG Gen5 32 GT/s ×
    ///   16 lanes; same as the `h100-pcie` preset). Latency 10 µs as that preset's
    ///   `link_latency_us`.
    /// - `ideal`: infinitely fast, no latency — a reference to compare against, not hardware.
    public static let presets: [String: (gbPerSecond: Double, latencyMicroseconds: Double)] = [
        "nvlink": (450, 5),
        "infiniband": (50, 10),
        "roce": (50, 20),
        "pcie": (64, 10),
        "ideal": (.infinity, 0),
    ]

    public static var presetNames: [String] { presets.keys.sorted() }
}
