/// The cost model a replica asks for the time of each iteration.
///
/// A pure function of the batch shape. The service-time model is the degenerate one used to
/// check the simulator against queueing theory: an iteration costs the summed service demand of
/// its requests, whatever their lengths.
public enum IterationCostModel: Sendable {
    /// Per-op roofline of a transformer on a GPU group (see `RooflineCostModel`), with its
    /// token-count terms tabulated.
    case roofline(TabulatedCostModel)
    /// Iteration time = Σ service demand of the requests in the batch.
    case serviceTime

    @inlinable
    public func cost(_ shape: BatchShape) -> IterationCost {
        switch self {
        case .roofline(let model): model.cost(shape)
        case .serviceTime: IterationCost(seconds: shape.serviceDemandSeconds)
        }
    }
}
