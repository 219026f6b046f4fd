/// A failure to write an output file.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotCreateDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
        case .cannotCreateDirectory(let path, let reason): "cannot create the directory '\(path)': \(reason)"
        }
    }
}
