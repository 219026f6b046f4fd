import Foundation

/// The root mean squared log ratio of predicted to measured values, √(mean (ln(p/m))²): the
/// loss the validation fits minimise (`validate throughput --fit`, `validate energy --fit`), a
/// factor error that weighs over- and under-prediction alike. Infinite when any prediction is
/// missing or the list is empty, so that a fit never prefers parameters that lose a row.
func rmsLogRatio(_ pairs: [(predicted: Double?, measured: Double)]) -> Double {
    let logs = pairs.compactMap { pair in pair.predicted.map { Foundation.log($0 / pair.measured) } }
    guard !logs.isEmpty, logs.count == pairs.count else { return .infinity }
    return (logs.reduce(0) { $0 + $1 * $1 } / Double(logs.count)).squareRoot()
}
