/// How one replica of the model is split over GPUs.
///
/// `tensor` (t) GPUs share every layer in lock-step (Megatron-style column/row split, two
/// all-reduces per layer); `pipeline` (p) stages each hold n/p consecutive layers. A replica
/// uses t·p GPUs.
public struct Parallelism: Equatable, Sendable {
    /// Tensor-parallel degree, t ≥ 1.
    public var tensor: Int
    /// Pipeline-parallel degree, p ≥ 1.
    public var pipeline: Int

    public init(tensor: Int = 1, pipeline: Int = 1) {
        precondition(tensor >= 1 && pipeline >= 1,
                     "parallelism degrees must be ≥ 1, got tensor=\(tensor) pipeline=\(pipeline)")
        self.tensor = tensor
        self.pipeline = pipeline
    }

    /// GPUs of one replica, t · p.
    public var gpus: Int { tensor * pipeline }
}
