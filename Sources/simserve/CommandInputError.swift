/// A usage error a command finds in its own options (a missing companion option, exclusive
/// options, a value out of range), said as the message it prints.
struct CommandInputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
