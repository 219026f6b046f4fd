/// An ordered TOML table: keys in the order the file wrote them, each with its value.
///
/// Setting a key that exists keeps its place; a new key goes last. Two tables are equal
/// when they hold the same keys, in the same order, with equal values.
///
///     var table: ConfigTable = ["seed": .integer(7)]
///     table["scheduler"] = .table(["max_batch_size": .integer(64)])
///     table[path: ["scheduler", "max_batch_size"]]   // .integer(64)
public struct ConfigTable: Equatable, Sendable {
    /// The keys, in document order.
    public private(set) var keys: [String]

    private var values: [String: ConfigValue]

    /// Creates an empty table.
    public init() {
        keys = []
        values = [:]
    }

    /// The number of keys in the table.
    public var count: Int { keys.count }

    /// A Boolean value indicating whether the table has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`, or `nil` if the table has no such key.
    ///
    /// Assigning `nil` removes the key.
    ///
    /// - Complexity: Reading is O(1); setting a new key or removing one is O(*n*) in the
    ///   number of keys.
    public subscript(key: String) -> ConfigValue? {
        get { values[key] }
        set {
            switch (values[key], newValue) {
            case (nil, let value?):
                keys.append(key)
                values[key] = value
            case (_?, let value?):
                values[key] = value
            case (_?, nil):
                keys.removeAll { $0 == key }
                values[key] = nil
            case (nil, nil):
                break
            }
        }
    }

    /// The value at a nested key path, looking through tables, or `nil` if some key along
    /// the way is missing or names a value that is not a table.
    ///
    /// The empty path names the table itself.
    ///
    /// - Complexity: O(*k*), where *k* is the length of `path`.
    public subscript(path path: [String]) -> ConfigValue? {
        var current = ConfigValue.table(self)
        for key in path {
            guard case .table(let table) = current, let next = table[key] else { return nil }
            current = next
        }
        return current
    }

    /// Returns this table with `other` laid over it.
    ///
    /// Tables present on both sides merge recursively; any other value of `other` replaces
    /// ours, whatever its type. Keys of ours keep their places; keys new in `other` follow,
    /// in `other`'s order. Arrays are replaced, never concatenated.
    ///
    /// - Complexity: O(*n*) in the total size of both trees.
    public func overlaid(with other: ConfigTable) -> ConfigTable {
        var result = self
        for key in other.keys {
            guard let theirs = other[key] else { continue }
            if case .table(let ourTable)? = result[key], case .table(let theirTable) = theirs {
                result[key] = .table(ourTable.overlaid(with: theirTable))
            } else {
                result[key] = theirs
            }
        }
        return result
    }
}

extension ConfigTable: ExpressibleByDictionaryLiteral {
    /// Creates a table from key–value pairs, in the literal's order.
    ///
    /// A key written twice keeps its first place and its last value.
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        self.init()
        for (key, value) in elements {
            self[key] = value
        }
    }
}
