import TOMLKit

extension ConfigTable {
    /// Applies a command-line override, `key.path=value`.
    ///
    /// The key path is a TOML dotted key (`scheduler.max_batch_size`, `models."gpu.a100"`),
    /// whose keys may name an element of an array of tables by its index from 0
    /// (`workload.classes[1].batching_window`, `workload.tenants[0].tokens_per_second`).
    /// The value is read as a TOML value — integer, float, boolean, quoted string, inline
    /// array or inline table — and, if it is not valid TOML, taken as a bare string, so that
    /// `--set scheduler.batching_window=20ms` needs no quotes. Missing tables along the key
    /// path are created; the value replaces whatever the last key held (an inline table is
    /// not merged into an existing one).
    ///
    ///     var table = try ConfigTable.parse(toml: text, source: "chat.toml")
    ///     try table.applyOverride("scheduler.max_batch_size=64")
    ///     try table.applyOverride("arrival.kind=gamma")   // the string "gamma"
    ///     try table.applyOverride("workload.classes[1].max_running=8")
    ///
    /// - Throws: ``ScenarioError`` from source `"--set"`, naming the override, when it has no
    ///   `=`, has no valid key path before it, leads through a value that is not a table, or
    ///   indexes past the end of an array of tables.
    public mutating func applyOverride(_ assignment: String) throws(ScenarioError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw Self.overrideError("override '\(assignment)' has no '='; expected key.path=value")
        }
        let keyText = assignment[..<equals].trimmingCharacters(in: " \t")
        let valueText = assignment[assignment.index(after: equals)...].trimmingCharacters(in: " \t")
        guard !keyText.isEmpty else {
            throw Self.overrideError("override '\(assignment)' has no key before '='; expected key.path=value")
        }
        guard let path = Self.overridePath(keyText) else {
            throw Self.overrideError("override '\(assignment)': '\(keyText)' is not a valid key path")
        }
        try set(Self.overrideValue(valueText), at: path[...], assignment: assignment, walked: [])
    }

    /// One step of an override's key path: a key, and the index of an element when the key
    /// holds an array of tables.
    private struct PathStep {
        var key: String
        var index: Int?
    }

    /// The steps of `text`: a TOML dotted key whose keys may end in `[n]`.
    private static func overridePath(_ text: String) -> [PathStep]? {
        var indexes: [Int: Int] = [:]   // key position → element index
        var dotted = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]"), let index = Int(rest[rest.index(after: open)..<close]),
                  index >= 0, close == rest.index(before: rest.endIndex) || rest[rest.index(after: close)] == "."
            else { return nil }
            dotted += rest[..<open]
            let position = dotted.filter { $0 == "." }.count
            guard indexes[position] == nil else { return nil }
            indexes[position] = index
            rest = rest[rest.index(after: close)...]
        }
        dotted += rest
        guard let keys = dottedKeys(dotted), indexes.keys.allSatisfy({ $0 < keys.count - 1 }) else { return nil }
        return keys.enumerated().map { PathStep(key: $1, index: indexes[$0]) }
    }

    /// Sets `value` at `path`, creating missing tables along the way (never missing elements).
    private mutating func set(
        _ value: ConfigValue, at path: ArraySlice<PathStep>, assignment: String, walked: [ConfigPathComponent]
    ) throws(ScenarioError) {
        guard let step = path.first else { return }
        let key = step.key
        let rest = path.dropFirst()
        if rest.isEmpty {
            self[key] = value
            return
        }
        let at = walked + [.key(key)]
        if let index = step.index {
            guard case .array(var elements)? = self[key], elements.allSatisfy({ if case .table = $0 { true } else { false } }) else {
                let found = self[key].map { "\($0.typeDescription)" } ?? "not set"
                throw Self.overrideError(
                    "override '\(assignment)' indexes '\(at.keyPathDescription)', which is \(found), not an array of tables")
            }
            guard elements.indices.contains(index), case .table(var element) = elements[index] else {
                throw Self.overrideError(
                    "override '\(assignment)': '\(at.keyPathDescription)' has \(elements.count) entries (indexes 0 to \(elements.count - 1)), not [\(index)]")
            }
            try element.set(value, at: rest, assignment: assignment, walked: at + [.index(index)])
            elements[index] = .table(element)
            self[key] = .array(elements)
            return
        }
        var inner: ConfigTable
        switch self[key] {
        case nil:
            inner = ConfigTable()
        case .table(let table)?:
            inner = table
        case let other?:
            throw Self.overrideError(
                "override '\(assignment)' sets a key inside '\(at.keyPathDescription)', which is \(other.typeDescription), not a table")
        }
        try inner.set(value, at: rest, assignment: assignment, walked: at)
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
