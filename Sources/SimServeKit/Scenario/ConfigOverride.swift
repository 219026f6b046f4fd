import TOMLKit

extension ConfigTable {
    /// Applies a command-line override, `key.path=value`.
    ///
    /// The key path is a TOML dotted key (`scheduler.max_batch_size`, `models."gpu.a100"`).
    /// The value is read as a TOML value — integer, float, boolean, quoted string, inline
    /// array or inline table — and, if it is not valid TOML, taken as a bare string, so that
    /// `--set scheduler.batching_window=20ms` needs no quotes. Missing tables along the key
    /// path are created; the value replaces whatever the last key held (an inline table is
    /// not merged into an existing one).
    ///
    ///     var table = try ConfigTable.parse(toml: text, source: "chat.toml")
    ///     try table.applyOverride("scheduler.max_batch_size=64")
    ///     try table.applyOverride("arrival.kind=gamma")   // the string "gamma"
    ///
    /// - Throws: ``ScenarioError`` from source `"--set"`, naming the override, when it has no
    ///   `=`, has no valid key path before it, or leads through a value that is not a table.
    public mutating func applyOverride(_ assignment: String) throws(ScenarioError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw Self.overrideError("override '\(assignment)' has no '='; expected key.path=value")
        }
        let keyText = assignment[..<equals].trimmingCharacters(in: " \t")
        let valueText = assignment[assignment.index(after: equals)...].trimmingCharacters(in: " \t")
        guard !keyText.isEmpty else {
            throw Self.overrideError("override '\(assignment)' has no key before '='; expected key.path=value")
        }
        guard let keys = Self.dottedKeys(keyText) else {
            throw Self.overrideError("override '\(assignment)': '\(keyText)' is not a valid key path")
        }
        try set(Self.overrideValue(valueText), at: keys[...], assignment: assignment, walked: [])
    }

    /// Sets `value` at `keys`, creating missing tables along the way.
    private mutating func set(
        _ value: ConfigValue, at keys: ArraySlice<String>, assignment: String, walked: [String]
    ) throws(ScenarioError) {
        guard let key = keys.first else { return }
        let rest = keys.dropFirst()
        if rest.isEmpty {
            self[key] = value
            return
        }
        var inner: ConfigTable
        switch self[key] {
        case nil:
            inner = ConfigTable()
        case .table(let table)?:
            inner = table
        case let other?:
            let at = (walked + [key]).map(ConfigPathComponent.key).keyPathDescription
            throw Self.overrideError(
                "override '\(assignment)' sets a key inside '\(at)', which is \(other.typeDescription), not a table")
        }
        try inner.set(value, at: rest, assignment: assignment, walked: walked + [key])
        self[key] = .table(inner)
    }

    private static func overrideError(_ message: String) -> ScenarioError {
        ScenarioError(source: "--set", message: message)
    }

    /// The keys of a TOML dotted key, with TOML's quoting rules; `nil` if it is not one.
    private static func dottedKeys(_ text: String) -> [String]? {
        guard !text.contains(where: \.isNewline),
              var table = try? ConfigTable.parse(toml: "\(text) = 0", source: "--set")
        else { return nil }
        var keys: [String] = []
        while table.count == 1, let key = table.keys.first {
            keys.append(key)
            guard case .table(let inner)? = table[key] else { return keys }
            table = inner
        }
        return nil
    }

    /// The override's value: TOML if `text` is a single valid TOML value, else the text.
    private static func overrideValue(_ text: String) -> ConfigValue {
        guard !text.contains(where: \.isNewline),
              let table = try? ConfigTable.parse(toml: "value = \(text)", source: "--set"),
              table.keys == ["value"], let value = table["value"]
        else { return .string(text) }
        return value
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in blanks: String) -> String {
        String(drop { blanks.contains($0) }.reversed().drop { blanks.contains($0) }.reversed())
    }
}
