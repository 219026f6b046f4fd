import Foundation
import SimScenario

/// One axis of a sweep: a scenario key and the values it takes, in order.
///
/// Written as a `--set` assignment whose value is a comma-separated list, a range
/// `lo:hi:step` (both ends included), or a mix of the two:
///
///     workload.arrival.rate=10:100:10        → 10, 20, …, 100
///     cluster.tp=1,2,4                       → 1, 2, 4
///     scheduler.batching_window=0ms:20ms:5ms → 0ms, 5ms, 10ms, 15ms, 20ms
///     workload.arrival.rate=1,2,5:20:5       → 1, 2, 5, 10, 15, 20
///     cluster.replicas=1:4                    → 1, 2, 3, 4 (integers lo:hi step by 1)
///     model=llama-2-7b                        → one value: a constant override, still a column
///
/// Values stay text, exactly as `--set key=value` would read them, so a sweep point is
/// nothing more than a list of ordinary overrides. Commas inside brackets, braces or quotes
/// do not split (`--set cluster.x=[1,2],[3,4]` has two values).
public struct SweepParameter: Equatable, Sendable {
    /// The dotted key path, as in `--set`.
    public var key: String
    /// The values, in the order given; never empty.
    public var values: [String]

    /// The most values one range may produce; a typo such as `1:1000000:1` is stopped early.
    public static let maxRangeValues = 100_000

    public init(key: String, values: [String]) {
        precondition(!values.isEmpty, "a sweep parameter needs at least one value")
        self.key = key
        self.values = values
    }

    /// Parses `key=v1,v2,lo:hi:step`.
    ///
    /// - Throws: ``PlanningInputError`` naming the assignment when it has no `=`, no key, an
    ///   empty value, or a range whose step is not positive, whose end lies below its start,
    ///   whose units differ or which would produce more than ``maxRangeValues`` values.
    public init(parsing assignment: String) throws(PlanningInputError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw PlanningInputError(option: "--set", "'\(assignment)' has no '='; expected key.path=v1,v2 or key.path=lo:hi:step")
        }
        let key = assignment[..<equals].strippingBlanks
        guard !key.isEmpty else {
            throw PlanningInputError(option: "--set", "'\(assignment)' has no key before '='")
        }
        var values: [String] = []
        for item in Self.splitList(String(assignment[assignment.index(after: equals)...])) {
            let text = item.strippingBlanks
            guard !text.isEmpty else {
                throw PlanningInputError(option: "--set", "'\(assignment)' has an empty value")
            }
            values.append(contentsOf: try Self.expandRange(text, key: key) ?? [text])
        }
        self.init(key: key, values: values)
    }

    /// Splits at top-level commas: not inside `[]`, `{}` or quotes.
    static func splitList(_ text: String) -> [String] {
        var items: [String] = [], current = "", depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == ",", depth == 0 {
                items.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        items.append(current)
        return items
    }

    /// The values of `lo:hi:step`, or nil when `text` is not a range (it does not have three
    /// numeric parts, each with the same optional unit).
    static func expandRange(_ text: String, key: String) throws(PlanningInputError) -> [String]? {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).strippingBlanks }
        // `lo:hi` of plain integers steps by 1 (`cluster.replicas=1:8`).
        if parts.count == 2, parts.allSatisfy({ Int($0) != nil }) { parts.append("1") }
        guard parts.count == 3 else { return nil }
        let numbers = parts.compactMap(NumberWithUnit.init(parsing:))
        guard numbers.count == 3 else { return nil }
        let (lo, hi, step) = (numbers[0], numbers[1], numbers[2])
        let where_ = "'\(key)=\(text)'"
        guard lo.unit == hi.unit, hi.unit == step.unit else {
            throw PlanningInputError(option: "--set", "\(where_): the range's three parts must have the same unit, got '\(lo.unit)', '\(hi.unit)', '\(step.unit)'")
        }
        guard step.value > 0 else {
            throw PlanningInputError(option: "--set", "\(where_): the step must be > 0, got \(step.text)")
        }
        guard hi.value >= lo.value else {
            throw PlanningInputError(option: "--set", "\(where_): the end (\(hi.text)) must be ≥ the start (\(lo.text))")
        }
        // A small slack so that 0.1:0.3:0.1 includes 0.3 despite binary fractions.
        let steps = ((hi.value - lo.value) / step.value * (1 + 1e-12) + 1e-9).rounded(.down)
        guard steps < Double(maxRangeValues) else {
            throw PlanningInputError(option: "--set", "\(where_) gives \(Int(steps) + 1) values; at most \(maxRangeValues) are allowed")
        }
        let integral = lo.isInteger && step.isInteger
        return (0...Int(steps)).map { k in
            let value = lo.value + Double(k) * step.value
            let number = integral ? String(Int(saturating: value.rounded())) : Self.decimal(value)
            return number + lo.unit
        }
    }

    /// `value` in its shortest form once rounded to 12 significant digits (0.30000000000000004 → 0.3).
    static func decimal(_ value: Double) -> String {
        guard value != 0 else { return "0.0" }
        let magnitude = (abs(value)).exponentBase10
        let scale = pow10(11 - magnitude)
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent >= 0 ? result : 1 / result
    }
}

/// A number followed by an optional unit of letters: `20`, `2.5`, `20ms`.
fileprivate struct NumberWithUnit {
    var value: Double
    var unit: String
    var text: String
    var isInteger: Bool

    init?(parsing text: String) {
        let unitStart = text.firstIndex { $0.isLetter && $0 != "e" && $0 != "E" } ?? text.endIndex
        let number = String(text[..<unitStart])
        guard !number.isEmpty, number.allSatisfy({ "0123456789.eE+-_".contains($0) }),
              let value = Double(number.replacingOccurrences(of: "_", with: "")), value.isFinite
        else { return nil }
        self.value = value
        self.unit = String(text[unitStart...])
        self.text = text
        self.isInteger = !number.contains { ".eE".contains($0) }
    }
}

extension Double {
    /// ⌊log₁₀|x|⌋ for x ≠ 0.
    fileprivate var exponentBase10: Int {
        var x = abs(self), e = 0
        while x >= 10 { x /= 10; e += 1 }
        while x < 1 { x *= 10; e -= 1 }
        return e
    }
}
