import CGSL

/// A named stream of random numbers: a GSL Mersenne Twister (`gsl_rng_mt19937`) owned by this
/// object and freed with it.
///
/// Every distribution goes through GSL so that the algorithm behind each draw is pinned and
/// documented. Not thread-safe: each stream belongs to one component of one simulation.
public final class RandomStream {
    private let generator: OpaquePointer
    /// The stream's name, e.g. `"workload.arrivals"`.
    public let name: String
    /// The 32-bit seed given to mt19937.
    public let seed: UInt32

    /// A stream seeded from `(seed, replication, name)`; see `StreamSeed`.
    public convenience init(seed: UInt64, replication: UInt64 = 0, name: String) {
        self.init(name: name, rawSeed: StreamSeed.derive(seed: seed, replication: replication, name: name))
    }

    /// A stream with an explicit mt19937 seed (for golden tests against GSL itself).
    public init(name: String, rawSeed: UInt32) {
        _ = GSLErrorHandling.installed
        // gsl_rng_alloc returns NULL only when out of memory.
        guard let rng = gsl_rng_alloc(simserve_gsl_rng_mt19937()) else {
            preconditionFailure("gsl_rng_alloc(mt19937) returned NULL: out of memory")
        }
        gsl_rng_set(rng, UInt(rawSeed))
        self.generator = OpaquePointer(rng)
        self.name = name
        self.seed = rawSeed
    }

    deinit { gsl_rng_free(rng) }

    private var rng: UnsafeMutablePointer<gsl_rng> { UnsafeMutablePointer(generator) }

    /// Uniform on [0, 1) — `gsl_rng_uniform`.
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform on (0, 1) — `gsl_rng_uniform_pos`.
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Uniform integer in 0..<n — `gsl_rng_uniform_int`.
    public func uniformInt(below n: Int) -> Int {
        precondition(n > 0 && UInt(n) <= UInt(gsl_rng_max(rng)), "uniformInt(below:) needs 0 < n ≤ 2³², got \(n)")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// Uniform on [a, b) — `gsl_ran_flat`.
    public func flat(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(rng, a, b) }

    /// Exponential with mean `mean` — `gsl_ran_exponential`.
    public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }

    /// Gamma with shape k and scale θ (mean kθ) — `gsl_ran_gamma` (Marsaglia–Tsang).
    public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }

    /// Lognormal: exp(N(mu, sigma²)) — `gsl_ran_lognormal`.
    public func lognormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, mu, sigma) }

    /// Normal with mean `mean` and standard deviation `sigma` — `gsl_ran_gaussian_ziggurat`.
    public func gaussian(mean: Double, sigma: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sigma)
    }

    /// Poisson count with mean `mean` — `gsl_ran_poisson`.
    public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }

    /// Zipf-like draw on 1...n with exponent s, by inversion of the discrete CDF built by
    /// `gsl_ran_discrete_preproc` — use `DiscreteDistribution` for repeated draws.
    public func discrete(_ table: DiscreteDistribution) -> Int {
        Int(gsl_ran_discrete(rng, table.table))
    }
}

/// A discrete distribution over 0..<n with given weights, preprocessed once for O(1) draws
/// (Walker's alias method) — `gsl_ran_discrete_preproc`.
public final class DiscreteDistribution {
    fileprivate let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    public let count: Int

    public init(weights: [Double]) throws(GSLError) {
        _ = GSLErrorHandling.installed
        guard !weights.isEmpty, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw GSLError(status: Int32(GSL_EDOM), operation: "gsl_ran_discrete_preproc (weights must be finite, ≥ 0, not all 0)")
        }
        let made = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
        guard let made else {
            throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_ran_discrete_preproc")
        }
        self.table = made
        self.count = weights.count
    }

    deinit { gsl_ran_discrete_free(table) }
}
