import CostModel

extension IterationCostModel {
    /// The per-op roofline model behind the iteration times (also under speculative
    /// decoding); nil for the service-time model and measured times.
    public var roofline: RooflineCostModel? {
        switch self {
        case .roofline(let table), .speculative(let table, _): table.model
        case .serviceTime, .measured: nil
        }
    }

    /// Seconds of the iteration's tensor-parallel all-reduces (``RooflineCostModel/allReduceSeconds(_:)``);
    /// zero for the service-time model and measured times. With speculative decoding, those of the batch as the
    /// target model verifies it.
    public func allReduceSeconds(_ shape: BatchShape) -> Double {
        roofline?.allReduceSeconds(shape) ?? 0
    }

    /// The tensor-parallel degree t of the replica (1 for the service-time model and measured times).
    public var tensorParallelDegree: Int { roofline?.parallelism.tensor ?? 1 }

    /// The query-tile height whose tiled prefill attention work the model times (0: none), so
    /// that a scheduler counts that work exactly as it composes a batch.
    public var attentionQueryTile: Int { max(0, roofline?.hardware.shape.attentionQueryTile ?? 0) }
}
