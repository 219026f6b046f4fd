import SimCore

extension NonlinearLeastSquares {
    /// Least squares on relative error, then iteratively reweighted towards the mean absolute
    /// relative error (MAPE, the validation goals' measure): `rounds` refits with weights
    /// 1 / (m² · max(|r|, 1 %)), each from the last one's parameters. The fits of measured op
    /// times use it (``ElementwiseFit``, ``GemmLibraryFit``).
    /// - Throws: ``SimCore/FitError`` when the first fit fails; a failed refit (an exact fit has
    ///   nothing left to reweight) keeps the fit before it.
    func fitTowardsMAPE(observations times: [Double], initial: [Double], rounds: Int,
                        model predictions: ([Double]) -> [Double]) throws -> NonlinearFit {
        var fit = try fit(observations: times, weights: times.map { 1 / ($0 * $0) }, initial: initial, model: predictions)
        for _ in 0..<rounds {
            let predicted = predictions(fit.parameters)
            let weights = times.indices.map { i in
                1 / (times[i] * times[i] * max(abs(predicted[i] - times[i]) / times[i], 0.01))
            }
            guard let refit = try? self.fit(observations: times, weights: weights, initial: fit.parameters, model: predictions)
            else { break }
            fit = refit
        }
        return fit
    }
}
