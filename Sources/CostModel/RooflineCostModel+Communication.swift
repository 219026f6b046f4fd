extension RooflineCostModel {
    /// Seconds of an iteration's tensor-parallel all-reduces: two per layer (after attention
    /// and after the MLP), each of T·d·a bytes, ring time 2(t−1)/t · bytes / link bandwidth +
    /// 2(t−1) · α (see ``KernelTimeModel``). They sit on the critical path, so they are part of
    /// `cost(shape).seconds`, and equal the `all_reduce` entry of ``breakdown(_:)``. Zero when
    /// t = 1 or the batch is empty.
    public func allReduceSeconds(_ shape: BatchShape) -> Double {
        guard !shape.isEmpty, parallelism.tensor > 1 else { return 0 }
        return layers * 2 * tensorAllReduce(tokens: Double(shape.totalTokens), eager: !usesCUDAGraph(shape)).seconds
    }
}
