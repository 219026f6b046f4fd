import SimServeKit

/// A cost model passed off as a measured source: the closed-loop path with nothing measured,
/// which must reproduce the pure prediction exactly (so that an error the reference check
/// reports is the model's, not the plumbing's).
public final class CostModelTimeSource: IterationTimeSource, @unchecked Sendable {
    public let model: IterationCostModel
    public private(set) var iterations = 0

    public init(model: IterationCostModel) { self.model = model }

    public func cost(_ shape: BatchShape) -> IterationCost {
        iterations += 1
        return model.cost(shape)
    }
}
