import SimScenario

/// The `[sweep]` (or `[search]`) table of a scenario: its axes written in the file instead of
/// on the command line.
///
/// ```toml
/// [sweep]
/// "workload.arrival.rate" = "2:10:2"        # a range, as --set reads it
/// cluster.tp = [1, 2, 4]                    # a list (dotted keys nest; both forms work)
/// scheduler.batching_window = ["0ms", "10ms"]
/// hardware = "a100-80gb,h100-sxm"           # a comma list in a string
/// ```
///
/// Each key is a parameter path; its value a list (each element a value, or a string read like
/// `--set`'s value: a range or comma list), a string read like `--set`'s value, or one number
/// or boolean. The axes are in the file's order; `--set` on the command line replaces an axis
/// with the same key and appends the others (``merging(_:with:)``).
public enum SweepTable {
    /// The axes of the `section` table (`"sweep"` or `"search"`) of `template`'s TOML; none
    /// when it has no such table or does not parse (loading it then reports why).
    ///
    /// - Throws: ``PlanningInputError`` naming `section.key` for a value that is not a list of
    ///   values, an empty list, or a malformed range.
    public static func parameters(of template: ScenarioTemplate, section: String) throws(PlanningInputError) -> [SweepParameter] {
        guard let table = try? ConfigTable.parse(toml: template.toml, source: template.source),
              let value = table[section]
        else { return [] }
        guard case .table(let axes) = value else {
            throw PlanningInputError(option: "\(template.source): \(section)",
                                     "expected a table of parameter.path = values, found \(value.typeDescription)")
        }
        var parameters: [SweepParameter] = []
        try collect(axes, prefix: [], section: section, source: template.source, into: &parameters)
        return parameters
    }

    /// `base` with each parameter of `overrides` replacing the one with its key, or appended.
    public static func merging(_ base: [SweepParameter], with overrides: [SweepParameter]) -> [SweepParameter] {
        var merged = base
        for parameter in overrides {
            if let i = merged.firstIndex(where: { $0.key == parameter.key }) {
                merged[i] = parameter
            } else {
                merged.append(parameter)
            }
        }
        return merged
    }

    private static func collect(_ table: ConfigTable, prefix: [String], section: String, source: String,
                                into parameters: inout [SweepParameter]) throws(PlanningInputError) {
        for key in table.keys {
            let path = prefix + [key]
            let dotted = path.joined(separator: ".")
            let option = "\(source): \(section).\(dotted)"
            switch table[key]! {
            case .table(let inner):
                try collect(inner, prefix: path, section: section, source: source, into: &parameters)
            case .array(let elements):
                guard !elements.isEmpty else { throw PlanningInputError(option: option, "empty; give at least one value") }
                var values: [String] = []
                for element in elements { values += try texts(of: element, key: dotted, option: option) }
                parameters.append(SweepParameter(key: dotted, values: values))
            case let scalar:
                parameters.append(SweepParameter(key: dotted, values: try texts(of: scalar, key: dotted, option: option)))
            }
        }
    }

    /// The `--set` texts of one value: a string is read exactly as `--set key=string`.
    private static func texts(of value: ConfigValue, key: String, option: String) throws(PlanningInputError) -> [String] {
        switch value {
        case .string(let text):
            do {
                return try SweepParameter(parsing: "\(key)=\(text)").values
            } catch {
                throw PlanningInputError(option: option, error.message)
            }
        case .integer(let number): return [String(number)]
        case .bool(let flag): return [String(flag)]
        case .float, .table, .array: return [value.literalDescription]
        }
    }
}
