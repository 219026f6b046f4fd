import TOMLKit

extension ConfigTable {
    /// Parses a TOML document into a table, keeping the file's key order.
    ///
    /// TOMLKit does the parsing; this only converts its tree. A syntax error becomes a
    /// file-level issue that starts with its position, in TOMLKit's words:
    /// `"line 3, column 12: expected '=' after key"`.
    ///
    /// - Parameters:
    ///   - text: The TOML document.
    ///   - source: Where `text` came from (a file name), for the error's heading.
    /// - Throws: ``ScenarioError`` with the syntax error.
    /// - Complexity: O(*n*) in the length of `text`.
    public static func parse(toml text: String, source: String) throws(ScenarioError) -> ConfigTable {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let position = error.source.begin
            throw ScenarioError(
                source: source,
                message: "line \(position.line), column \(position.column): \(error.description)")
        } catch {
            throw ScenarioError(source: source, message: "\(error)")
        }
        return withExtendedLifetime(document) {
            ConfigTable(document, at: [], order: ConfigSourceOrder(scanning: text))
        }
    }

    /// Converts a TOMLKit table, ordering its keys by where they appear in the source.
    init(_ table: TOMLTable, at path: [ConfigPathComponent], order: ConfigSourceOrder) {
        self.init()
        let ranked = table.keys.map { key in (key: key, rank: order.rank(of: path + [.key(key)])) }
        let sorted = ranked.sorted { lhs, rhs in
            switch (lhs.rank, rhs.rank) {
            case let (left?, right?): left < right
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): lhs.key < rhs.key
            }
        }
        for (key, _) in sorted {
            if let value = table[key] {
                self[key] = ConfigValue(value, at: path + [.key(key)], order: order)
            }
        }
    }
}

extension ConfigValue {
    /// Converts a TOMLKit value; dates and times become strings of their TOML text.
    init(_ value: any TOMLValueConvertible, at path: [ConfigPathComponent], order: ConfigSourceOrder) {
        switch value.type {
        case .table:
            self = .table(value.table.map { ConfigTable($0, at: path, order: order) } ?? ConfigTable())
        case .array:
            let elements = value.array.map(Array.init) ?? []
            self = .array(elements.enumerated().map { index, element in
                ConfigValue(element, at: path + [.index(index)], order: order)
            })
        case .string: self = .string(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .double: self = .float(value.double ?? 0)
        case .bool: self = .bool(value.bool ?? false)
        case .date: self = .string(value.date?.debugDescription ?? "")
        case .time: self = .string(value.time?.debugDescription ?? "")
        case .dateTime: self = .string(value.dateTime?.debugDescription ?? "")
        }
    }
}
