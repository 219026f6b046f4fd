/// Closed-form results of queueing theory that the simulator must reproduce when its cost
/// model is degenerate (one request per batch, service time drawn per request).
///
/// Sources: Kleinrock, *Queueing Systems* Vol. 1 (1975) — M/M/1 §3.2, M/G/1 and the
/// Pollaczek–Khinchine mean-value formula §5.7, M/M/c and Erlang's C formula §3.5.
public enum QueueingTheory {
    /// Mean wait in queue (excluding service) of an M/G/1 FCFS queue, by Pollaczek–Khinchine:
    /// W_q = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S]. Nil when ρ ≥ 1 (no steady state).
    public static func mg1MeanWait(arrivalRate lambda: Double, meanService: Double, serviceSecondMoment: Double) -> Double? {
        let rho = lambda * meanService
        guard rho < 1 else { return nil }
        return lambda * serviceSecondMoment / (2 * (1 - rho))
    }

    /// M/M/1: W_q = ρ / (μ − λ).
    public static func mm1MeanWait(arrivalRate lambda: Double, serviceRate mu: Double) -> Double? {
        mg1MeanWait(arrivalRate: lambda, meanService: 1 / mu, serviceSecondMoment: 2 / (mu * mu))
    }

    /// M/D/1: W_q = ρ / (2μ(1 − ρ)).
    public static func md1MeanWait(arrivalRate lambda: Double, serviceTime s: Double) -> Double? {
        mg1MeanWait(arrivalRate: lambda, meanService: s, serviceSecondMoment: s * s)
    }

    /// Erlang's C formula: the probability that an arrival waits in an M/M/c queue with offered
    /// load a = λ/μ. Nil when a ≥ c.
    public static func erlangC(servers c: Int, offeredLoad a: Double) -> Double? {
        guard c >= 1, a < Double(c) else { return nil }
        var term = 1.0, sum = 1.0  // aᵏ/k! for k = 0
        for k in 1..<c {
            term *= a / Double(k)
            sum += term
        }
        let last = term * a / Double(c) * Double(c) / (Double(c) - a)  // a^c/c! · c/(c − a)
        return last / (sum + last)
    }

    /// M/M/c mean wait in queue: C(c, a) / (cμ − λ).
    public static func mmcMeanWait(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double? {
        guard let pWait = erlangC(servers: c, offeredLoad: lambda / mu) else { return nil }
        return pWait / (Double(c) * mu - lambda)
    }

    /// Asymptotic variance constant of the M/M/1 sample-mean wait (Daley 1968; Whitt 1989):
    /// Var(W̄ₙ) ≈ ρ(2 + 5ρ − 4ρ² + ρ³) / (n μ² (1 − ρ)⁴). Used to size runs so that a 1%
    /// deviation would be caught.
    public static func mm1MeanWaitVarianceConstant(rho: Double, serviceRate mu: Double) -> Double {
        rho * (2 + 5 * rho - 4 * rho * rho + rho * rho * rho) / (mu * mu * pow4(1 - rho))
    }

    private static func pow4(_ x: Double) -> Double { x * x * x * x }
}
