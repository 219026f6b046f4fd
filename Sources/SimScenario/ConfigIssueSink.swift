import SimSupport

/// Thrown by the decoder's containers once a problem has been recorded.
///
/// Parents let it through without recording anything more; ``ConfigDecoder`` catches it
/// at the top and throws every recorded issue as one ``ScenarioError``.
struct ConfigDecodingAborted: Error {}

/// What one decoding run has found, shared by all its decoders and containers.
///
/// Besides the problems themselves, the sink remembers every table that was opened as a
/// keyed container and which of its keys the decoding asked about, so that
/// ``unknownKeyIssues()`` can name the keys that nobody read.
final class ConfigIssueSink {
    /// A problem at a path inside the decoded table.
    struct Issue: Equatable {
        var path: [ConfigPathComponent]
        var message: String
    }

    /// How the decoding used one table.
    struct TableUse {
        var table: ConfigTable
        /// Keys asked about, in the order first asked.
        var askedKeys: [String] = []
        /// For each key type the table was opened with, whether it knows a key.
        var keyTypesAccept: [(String) -> Bool] = []
        /// Whether the value holding the table was decoded to the end, without error.
        var isComplete = false
    }

    private(set) var issues: [Issue] = []
    private var tables: [[ConfigPathComponent]: TableUse] = [:]
    private var tableOrder: [[ConfigPathComponent]] = []
    private var takenAsIs: Set<[ConfigPathComponent]> = []

    /// Records a problem; a problem identical to one already recorded is dropped, and so is a
    /// second type mismatch of the same value (a type that tries a number, then an integer,
    /// found one string, not two problems).
    func record(_ message: String, at path: [ConfigPathComponent]) {
        let issue = Issue(path: path, message: message)
        guard !issues.contains(issue) else { return }
        if let found = Self.found(in: message),
           issues.contains(where: { $0.path == path && Self.found(in: $0.message) == found }) { return }
        issues.append(issue)
    }

    /// What an "expected …, found …" message found, or nil for another kind of message.
    private static func found(in message: String) -> Substring? {
        guard message.hasPrefix("expected "), let range = message.range(of: ", found ") else { return nil }
        return message[range.upperBound...]
    }

    /// Records a `DecodingError` thrown by a type's own `init(from:)` decoding the value at
    /// `path`, at the error's coding path — or at `path`, if the error's coding path does
    /// not lie within it (a context the type built by hand).
    func record(_ error: DecodingError, within path: [ConfigPathComponent]) {
        let codingPath: [any CodingKey]
        let message: String
        switch error {
        case .keyNotFound(let key, let context):
            (codingPath, message) = (context.codingPath + [key], "missing required key")
        case .typeMismatch(_, let context), .valueNotFound(_, let context),
             .dataCorrupted(let context):
            (codingPath, message) = (context.codingPath, context.debugDescription)
        @unknown default:
            (codingPath, message) = ([], "\(error)")
        }
        let errorPath = [ConfigPathComponent](codingPath)
        record(message, at: errorPath.starts(with: path) ? errorPath : path)
    }

    /// Notes that the table at `path` was opened with key type `Key`.
    func opened<Key: CodingKey>(_ table: ConfigTable, at path: [ConfigPathComponent], keyedBy _: Key.Type) {
        if tables[path] == nil {
            tables[path] = TableUse(table: table)
            tableOrder.append(path)
        }
        tables[path]?.keyTypesAccept.append { Key(stringValue: $0) != nil }
    }

    /// Notes that the decoding asked about `key` of the table at `path`.
    func asked(_ key: String, inTableAt path: [ConfigPathComponent]) {
        guard let use = tables[path], !use.askedKeys.contains(key) else { return }
        tables[path]?.askedKeys.append(key)
    }

    /// Notes that the value at `path` was taken as a ``ConfigValue``, unread: the type that
    /// took it checks its keys, so they are never reported as unknown.
    func tookAsIs(at path: [ConfigPathComponent]) {
        takenAsIs.insert(path)
    }

    /// Notes that `value`, at `path`, was decoded without error.
    ///
    /// A table that was decoded without ever being opened belongs to a type that reads no
    /// keys (an empty struct): all of its keys are unknown.
    func completed(_ value: ConfigValue?, at path: [ConfigPathComponent]) {
        if tables[path] == nil, !takenAsIs.contains(path), case .table(let table)? = value {
            tables[path] = TableUse(table: table)
            tableOrder.append(path)
        }
        tables[path]?.isComplete = true
    }

    /// One step of a path's place in the schema: ordered by `rank`, a misspelling before the
    /// key it misspells, then by `name`.
    struct SchemaStep: Comparable {
        var rank: Int
        var isMisspelling = false
        var name = ""

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.rank, lhs.isMisspelling ? 0 : 1, lhs.name) < (rhs.rank, rhs.isMisspelling ? 0 : 1, rhs.name)
        }
    }

    /// Where `path` lies in the schema the decoding followed: at each step, the key's place
    /// among the keys asked of its table (the order the type declares and reads them); an
    /// unknown key just before the key it is close to (the typo, then what it left missing),
    /// or after all the known ones, by name; an array element by its index.
    ///
    /// The order depends on the decoded type and the keys present, never on where the keys
    /// stand in the file.
    func schemaPosition(of path: [ConfigPathComponent]) -> [SchemaStep] {
        var steps: [SchemaStep] = []
        for (depth, component) in path.enumerated() {
            switch component {
            case .index(let index):
                steps.append(SchemaStep(rank: index))
            case .key(let key):
                let asked = tables[Array(path[..<depth])]?.askedKeys ?? []
                if let rank = asked.firstIndex(of: key) {
                    steps.append(SchemaStep(rank: rank))
                } else {
                    let suggestion = DidYouMean.suggestion(for: key, among: asked).flatMap { asked.firstIndex(of: $0) }
                    steps.append(SchemaStep(rank: suggestion ?? asked.count, isMisspelling: true, name: key))
                }
            }
        }
        return steps
    }

    /// An issue for every key of an opened table that the decoding never asked about.
    ///
    /// In a table decoded to the end, any key not asked about is unknown; the message
    /// suggests the closest asked key, or lists them all. In a table whose decoding stopped
    /// early, later keys were simply never reached — and a type that picks its keys by a
    /// `kind` never said which keys it would have read — so a key is reported there only
    /// if it looks like a typo: no key type the table was opened with accepts it, and it
    /// is close to a key that was asked about. Other mistakes in such a table show once
    /// the first ones are fixed.
    func unknownKeyIssues() -> [Issue] {
        var unknown: [Issue] = []
        for path in tableOrder where !takenAsIs.contains(path) {
            guard let use = tables[path] else { continue }
            for key in use.table.keys where !use.askedKeys.contains(key) {
                let suggestion = DidYouMean.suggestion(for: key, among: use.askedKeys)
                if let suggestion {
                    guard use.isComplete || !use.keyTypesAccept.contains(where: { $0(key) }) else { continue }
                    unknown.append(Issue(path: path + [.key(key)],
                                         message: "unknown key; did you mean '\(suggestion)'?"))
                } else if use.isComplete {
                    let allowed = use.askedKeys.isEmpty
                        ? "this table takes no keys"
                        : "allowed keys: " + use.askedKeys.sorted().joined(separator: ", ")
                    unknown.append(Issue(path: path + [.key(key)], message: "unknown key; \(allowed)"))
                }
            }
        }
        return unknown
    }
}
