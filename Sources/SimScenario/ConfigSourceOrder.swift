/// The order in which key paths first appear in a TOML document.
///
/// TOMLKit keeps each table in a sorted map, so the tree it returns has forgotten the
/// file's key order — which matters where the keys are the user's own names, in an order the
/// user chose: the axes of `[sweep]` and `[search]` (the grid's nesting, sweep.csv's columns)
/// and the conditions of `[assert]` (checked and reported in the file's order). Problems do
/// not follow it: the decoder reports them in the schema's order
/// (``ConfigIssueSink/schemaPosition(of:)``). This scanner re-reads the text, which TOMLKit has already accepted as valid TOML, and
/// ranks every key path (`[[classes]]` elements counted as array indices) by first
/// appearance. It reads only what it must to find keys: headers, dotted keys, strings (to
/// skip them), inline tables and arrays. Should it meet something it does not understand,
/// it stops; keys it has not ranked then fall back to alphabetical order after the others.
struct ConfigSourceOrder {
    private var ranks: [[ConfigPathComponent]: Int] = [:]

    /// The rank of `path` (smaller is earlier), or `nil` if the scan did not see it.
    func rank(of path: [ConfigPathComponent]) -> Int? { ranks[path] }

    /// Scans `text`.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    init(scanning text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        try? scanner.scanDocument()
        ranks = scanner.ranks
    }
}

private struct Scanner {
    struct Stop: Error {}

    let bytes: [UInt8]
    var position = 0
    var ranks: [[ConfigPathComponent]: Int] = [:]
    /// How many `[[header]]` elements each array of tables has so far.
    var arrayTableCounts: [[ConfigPathComponent]: Int] = [:]

    init(bytes: [UInt8]) { self.bytes = bytes }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    mutating func expect(_ byte: UInt8) throws(Stop) {
        guard current == byte else { throw Stop() }
        position += 1
    }

    /// Ranks `path` and each of its prefixes not ranked yet.
    mutating func note(_ path: [ConfigPathComponent]) {
        var prefix: [ConfigPathComponent] = []
        for component in path {
            prefix.append(component)
            if ranks[prefix] == nil { ranks[prefix] = ranks.count }
        }
    }

    mutating func scanDocument() throws(Stop) {
        var table: [ConfigPathComponent] = []
        while true {
            skipBlank(newlines: true)
            guard let byte = current else { return }
            if byte == UInt8(ascii: "[") && peek(1) == UInt8(ascii: "[") {
                position += 2
                let keys = try scanKeys()
                try expect(UInt8(ascii: "]")); try expect(UInt8(ascii: "]"))
                let array = resolve(keys.dropLast()) + [.key(keys[keys.count - 1])]
                let index = arrayTableCounts[array, default: 0]
                arrayTableCounts[array] = index + 1
                table = array + [.index(index)]
            } else if byte == UInt8(ascii: "[") {
                position += 1
                table = resolve(try scanKeys()[...])
                try expect(UInt8(ascii: "]"))
            } else {
                try scanKeyValue(in: table)
            }
            note(table)
        }
    }

    /// The path of a header's keys, descending into the last element of any array of
    /// tables met on the way (`[fruit.variety]` after `[[fruit]]` means the last fruit's).
    func resolve(_ keys: ArraySlice<String>) -> [ConfigPathComponent] {
        var path: [ConfigPathComponent] = []
        for key in keys {
            path.append(.key(key))
            if let count = arrayTableCounts[path] { path.append(.index(count - 1)) }
        }
        return path
    }

    mutating func scanKeyValue(in table: [ConfigPathComponent]) throws(Stop) {
        let path = table + (try scanKeys()).map(ConfigPathComponent.key)
        note(path)
        try expect(UInt8(ascii: "="))
        skipBlank(newlines: false)
        try scanValue(at: path)
    }

    mutating func scanValue(at path: [ConfigPathComponent]) throws(Stop) {
        switch current {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            _ = try scanString()
        case UInt8(ascii: "{"):
            position += 1
            while true {
                skipBlank(newlines: true)
                if current == UInt8(ascii: "}") { position += 1; return }
                try scanKeyValue(in: path)
                skipBlank(newlines: true)
                if current == UInt8(ascii: ",") { position += 1 }
            }
        case UInt8(ascii: "["):
            position += 1
            var index = 0
            while true {
                skipBlank(newlines: true)
                if current == UInt8(ascii: "]") { position += 1; return }
                note(path + [.index(index)])
                try scanValue(at: path + [.index(index)])
                index += 1
                skipBlank(newlines: true)
                if current == UInt8(ascii: ",") { position += 1 }
            }
        case nil:
            throw Stop()
        default:
            // A number, boolean or date: runs to the next delimiter.
            let start = position
            while let byte = current, !"\n\r,]}#".utf8.contains(byte) { position += 1 }
            if position == start { throw Stop() }
        }
    }

    /// Reads a dotted key (`a."b.c".d`), leaving the position after trailing blanks.
    mutating func scanKeys() throws(Stop) -> [String] {
        var keys: [String] = []
        while true {
            skipBlank(newlines: false)
            if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                keys.append(try scanString())
            } else {
                let start = position
                while let byte = current, !" \t.=]\n\r#".utf8.contains(byte) { position += 1 }
                if position == start { throw Stop() }
                keys.append(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            skipBlank(newlines: false)
            guard current == UInt8(ascii: ".") else { return keys }
            position += 1
        }
    }

    /// Reads a basic, literal or multi-line string and returns its text.
    mutating func scanString() throws(Stop) -> String {
        guard let quote = current else { throw Stop() }
        let isBasic = quote == UInt8(ascii: "\"")
        let isMultiline = peek(1) == quote && peek(2) == quote
        position += isMultiline ? 3 : 1
        var text: [UInt8] = []
        while let byte = current {
            if byte == quote && (!isMultiline || (peek(1) == quote && peek(2) == quote)) {
                position += isMultiline ? 3 : 1
                // `""""` ends a multi-line string with a quote of its own (at most two).
                for _ in 0..<2 where isMultiline && current == quote {
                    text.append(quote)
                    position += 1
                }
                return String(decoding: text, as: UTF8.self)
            } else if isBasic && byte == UInt8(ascii: "\\") {
                try scanEscape(into: &text)
            } else {
                text.append(byte)
                position += 1
            }
        }
        throw Stop()
    }

    /// Reads the escape sequence at the position (a backslash) into `text`.
    mutating func scanEscape(into text: inout [UInt8]) throws(Stop) {
        position += 1
        guard let byte = current else { throw Stop() }
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "e"): 0x1B,
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
        ]
        if let replacement = simple[byte] {
            text.append(replacement)
        } else if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
            let length = byte == UInt8(ascii: "u") ? 4 : 8
            guard position + length <= bytes.count,
                  let code = UInt32(String(decoding: bytes[position..<position + length], as: UTF8.self),
                                    radix: 16),
                  let scalar = Unicode.Scalar(code)
            else { throw Stop() }
            position += length
            text.append(contentsOf: Array(String(scalar).utf8))
        } else {
            // A line-ending backslash in a multi-line string: the break and blanks vanish.
            position -= 1
            while let blank = current, " \t\n\r".utf8.contains(blank) { position += 1 }
        }
    }

    /// Skips spaces and tabs, comments, and — if `newlines` — line breaks.
    mutating func skipBlank(newlines: Bool) {
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                position += 1
            } else if newlines && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while let byte = current, byte != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }
}
