import CGSL

/// Quantile functions of reference distributions, from GSL's `gsl_cdf` module.
public enum StatisticalFunctions {
    /// The p-quantile of Student's t distribution with ν degrees of freedom —
    /// `gsl_cdf_tdist_Pinv`.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1 && nu > 0, "studentTQuantile needs 0 < p < 1 and ν > 0, got p=\(p), ν=\(nu)")
        _ = GSLErrorHandling.installed
        return gsl_cdf_tdist_Pinv(p, nu)
    }

    /// The p-quantile of the standard normal distribution — `gsl_cdf_ugaussian_Pinv`.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1, got \(p)")
        _ = GSLErrorHandling.installed
        return gsl_cdf_ugaussian_Pinv(p)
    }
}
