import CostModel
import SimWorkload

/// Why a scenario could not be turned into a runnable simulation. Each case's description is a
/// paragraph a user can act on.
public enum ScenarioLoadError: Error, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// Syntax, unknown keys, wrong types or values out of range (all of them at once).
    case invalid(ScenarioError)
    /// The model does not fit in the GPUs' memory.
    case doesNotFit(MemoryFitError)
    /// The trace file named by the scenario or `--trace` is unreadable or malformed.
    case badTrace(TraceReader.Failure)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "Cannot read scenario '\(path)': \(reason)."
        case .invalid(let error): error.description
        case .doesNotFit(let error): error.description
        case .badTrace(let failure): failure.description
        }
    }
}
