import SimCore

/// The ranges of the numbers a scenario may give, derived from what the simulation can
/// represent and from what a run on one machine can hold. The README's "Limits" section
/// states them; each check names the key, the value and the range.
///
/// - Durations: at most ``SimTime/inputLimitSeconds`` (10⁹ s), checked by ``DurationValue``.
/// - Rates: 10⁻⁶ to 10⁷ requests per second: a mean gap up to 10⁶ s stays inside simulated
///   time with room for the exponential tail; above 10⁷/s one second holds more arrivals
///   than ``RunSizeEstimate`` lets a default run keep.
/// - Token counts: at most 10⁷ per request (ten times the longest context of any preset),
///   so that sums over a batch and KV block counts stay exact in `Int` and `Double`.
/// - Coefficients of variation: 0.001 to 100; beyond 100 lognormal and gamma draws are 0 or
///   ∞ in a `Double`, below 0.001 a gamma's shape (1/CV²) passes 10⁶ and GSL's draw is NaN.
/// - A prompt pool at most 10⁷ entries: its entries are drawn and held when the run starts.
/// - Replicas at most 10⁴; GPUs in all at most 10⁶; a tensor-parallel group at most the
///   hardware's `gpus_per_node`.
public enum InputBounds {
    public static let rates: ClosedRange<Double> = 1e-6...1e7
    public static let maxTokensPerRequest = 10_000_000
    public static let coefficientsOfVariation: ClosedRange<Double> = 0.001...100
    public static let maxReplicas = 10_000
    public static let maxGPUs = 1_000_000
    public static let maxSwapSpaceGB = 1e6
    public static let maxBatchSize = 1 << 20
    public static let maxTokensPerIteration = 1 << 20
    public static let maxBlockSizeTokens = 1 << 16
    public static let maxRequests = 1_000_000_000
    public static let maxPromptPool = 10_000_000

    /// `"1e-6...1e7"`.
    package static var rateText: String { "1e-6...1e7" }
}
