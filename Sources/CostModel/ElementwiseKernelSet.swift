/// One complete set of elementwise-kernel figures (RMSNorm, rotary embedding, SiLU·gate,
/// residual add, embedding gather): what ``KernelTimeModel`` times those kernels by.
///
/// A GPU has the set its `[hardware]` keys give (``KernelShapeParameters/elementwiseSet``):
/// the kernels the serving engines run, fused where they fuse them. A GPU may also carry a
/// second set, `eager_elementwise`, for the same ops run one by one as eager PyTorch modules —
/// what an engine with `eager_elementwise = true` (the `pytorch` preset: Vidur's and
/// Splitwise's profilers) runs. The two differ by more than noise: on H100, Vidur's eager
/// RMSNorm takes 2–3× the fused kernel's time and its embedding gather ~5× (VALIDATION.md,
/// "H100-SXM on Vidur's profile").
///
/// Keys as in `[hardware]`: `norm_efficiency` … `embedding_efficiency`, `elementwise_launch_us`,
/// `elementwise_floor_us`, and the per-kernel keys of ``ElementwiseKernelFigures``.
public struct ElementwiseKernelSet: Codable, Equatable, Sendable {
    /// Fractions of HBM bandwidth per kernel (nil: `memory_efficiency`); with an L2 size, the
    /// in-L2 rate (up to 3× HBM).
    public var normEfficiency: Double?, ropeEfficiency: Double?, activationEfficiency: Double?
    public var addEfficiency: Double?, embeddingEfficiency: Double?
    /// Fixed time of a kernel without its own, µs (nil: `kernel_launch_us`), and the shortest
    /// kernel, µs.
    public var launchUs: Double?
    public var floorUs: Double = 0
    /// Per-kernel fixed times, row rates and L2 terms.
    public var kernels = ElementwiseKernelFigures()

    public init(normEfficiency: Double? = nil, ropeEfficiency: Double? = nil, activationEfficiency: Double? = nil,
                addEfficiency: Double? = nil, embeddingEfficiency: Double? = nil, launchUs: Double? = nil,
                floorUs: Double = 0, kernels: ElementwiseKernelFigures = ElementwiseKernelFigures()) {
        self.normEfficiency = normEfficiency
        self.ropeEfficiency = ropeEfficiency
        self.activationEfficiency = activationEfficiency
        self.addEfficiency = addEfficiency
        self.embeddingEfficiency = embeddingEfficiency
        self.launchUs = launchUs
        self.floorUs = floorUs
        self.kernels = kernels
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case normEfficiency = "norm_efficiency", ropeEfficiency = "rope_efficiency"
        case activationEfficiency = "activation_efficiency", addEfficiency = "add_efficiency"
        case embeddingEfficiency = "embedding_efficiency"
        case launchUs = "elementwise_launch_us", floorUs = "elementwise_floor_us"
    }

    /// Reads whichever keys are present; the same bounds as in `[hardware]`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kernels = try ElementwiseKernelFigures(from: decoder)
        let efficiencyLimit = kernels.l2CacheMB == nil ? 1.2 : 3.0
        func read(_ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            let value = try c.decodeNumber(forKey: key)
            if key == .launchUs || key == .floorUs {
                guard value.isFinite, value >= 0 else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                           debugDescription: "must be a finite time ≥ 0 µs, got \(value)")
                }
            } else if !(value > 0 && value <= efficiencyLimit) {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "must be in (0, \(efficiencyLimit)] (a fraction of HBM bandwidth\(kernels.l2CacheMB == nil ? "" : ", within the L2 cache")), got \(value)")
            }
            return value
        }
        normEfficiency = try read(.normEfficiency)
        ropeEfficiency = try read(.ropeEfficiency)
        activationEfficiency = try read(.activationEfficiency)
        addEfficiency = try read(.addEfficiency)
        embeddingEfficiency = try read(.embeddingEfficiency)
        launchUs = try read(.launchUs)
        floorUs = try read(.floorUs) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(normEfficiency, forKey: .normEfficiency)
        try c.encodeIfPresent(ropeEfficiency, forKey: .ropeEfficiency)
        try c.encodeIfPresent(activationEfficiency, forKey: .activationEfficiency)
        try c.encodeIfPresent(addEfficiency, forKey: .addEfficiency)
        try c.encodeIfPresent(embeddingEfficiency, forKey: .embeddingEfficiency)
        try c.encodeIfPresent(launchUs, forKey: .launchUs)
        try c.encode(floorUs, forKey: .floorUs)
        try kernels.encode(to: encoder)
    }
}

extension KernelShapeParameters {
    /// The GPU's own elementwise figures (its `[hardware]` keys) as one set.
    public var elementwiseSet: ElementwiseKernelSet {
        ElementwiseKernelSet(normEfficiency: normEfficiency, ropeEfficiency: ropeEfficiency,
                             activationEfficiency: activationEfficiency, addEfficiency: addEfficiency,
                             embeddingEfficiency: embeddingEfficiency, launchUs: elementwiseLaunchUs,
                             floorUs: elementwiseFloorUs, kernels: elementwise)
    }

    /// Makes `set` the GPU's own elementwise figures.
    public mutating func setElementwise(_ set: ElementwiseKernelSet) {
        normEfficiency = set.normEfficiency
        ropeEfficiency = set.ropeEfficiency
        activationEfficiency = set.activationEfficiency
        addEfficiency = set.addEfficiency
        embeddingEfficiency = set.embeddingEfficiency
        elementwiseLaunchUs = set.launchUs
        elementwiseFloorUs = set.floorUs
        elementwise = set.kernels
    }
}

extension HardwareSpec {
    /// The elementwise figures `engine`'s kernels run at: the GPU's `eager_elementwise` set for
    /// an engine that runs those ops eagerly (where the GPU has one), else its own.
    public func elementwiseSet(for engine: EngineSpec) -> ElementwiseKernelSet {
        (engine.eagerElementwise ? eagerElementwise : nil) ?? shape.elementwiseSet
    }
}
