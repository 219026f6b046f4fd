import SimCore

/// The fast path of the JSON-lines (Mooncake) trace reader: each line's flat object scanned in
/// place — integer values, arrays of integers, plain strings, true, false, null — without
/// `JSONSerialization` or a `String` per line.
///
/// Like the CSV fast path (``parseCSVBytes(_:)``) it answers nil for anything it does not read
/// itself (escapes, fractions, nested objects, non-ASCII bytes, a row the general reader would
/// reject), and the general reader then reads the file, so the rows and errors are its own.
extension TraceReader {
    static func parseJSONLinesBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [Row]? {
        var scanner = JSONLineScanner(bytes: bytes)
        var rows: [Row] = []
        var origin: Double?
        var previous = -Double.infinity
        while let object = scanner.nextObject() {
            guard let fields = object, let timestampMs = fields.timestamp,
                  let prompt = fields.inputLength, let output = fields.outputLength,
                  tokenRange.contains(prompt), tokenRange.contains(output), timestampMs >= 0,
                  fields.hashIDs.count <= tokenRange.upperBound / 512
            else { return nil }
            let timestamp = Double(timestampMs) / 1000
            let start = origin ?? timestamp
            origin = start
            guard timestamp - start <= SimTime.inputLimitSeconds, timestamp - start >= previous else { return nil }
            previous = timestamp - start
            rows.append(Row(arrivalSeconds: timestamp - start, promptTokens: prompt, outputTokens: output, requestID: nil,
                            prefix: fields.hashIDs.isEmpty ? .none : .blocks(ids: fields.hashIDs, blockTokens: 512)))
        }
        return scanner.failed || rows.isEmpty ? nil : rows
    }
}

/// Reads one flat JSON object per line from ASCII bytes; `failed` once something is beyond it.
private struct JSONLineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var failed = false

    struct Fields {
        var timestamp: Int?
        var inputLength: Int?
        var outputLength: Int?
        var hashIDs: [Int] = []
        var seenHashIDs = false
    }

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The next line's object: nil at the end (or after a failure), `.some(nil)` on a failure.
    mutating func nextObject() -> Fields?? {
        guard !failed else { return nil }
        // Skip line breaks (blank lines are none of the general reader's lines either).
        while let byte = current, byte == 0x0A || byte == 0x0D { position += 1 }
        guard current != nil else { return nil }
        guard let fields = object() else { failed = true; return .some(nil) }
        skipSpaces()
        guard current == nil || current == 0x0A || current == 0x0D else { failed = true; return .some(nil) }
        return .some(fields)
    }

    private mutating func skipSpaces() {
        while let byte = current, byte == 0x20 || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        skipSpaces()
        guard current == byte else { return false }
        position += 1
        return true
    }

    private mutating func object() -> Fields? {
        guard expect(UInt8(ascii: "{")) else { return nil }
        var fields = Fields()
        if expect(UInt8(ascii: "}")) { return fields }
        repeat {
            skipSpaces()
            guard let key = plainString(), expect(UInt8(ascii: ":")) else { return nil }
            skipSpaces()
            switch key {
            case "timestamp", "input_length", "output_length":
                guard let value = integer() else { return nil }
                switch key {
                case "timestamp": guard fields.timestamp == nil else { return nil }; fields.timestamp = value
                case "input_length": guard fields.inputLength == nil else { return nil }; fields.inputLength = value
                default: guard fields.outputLength == nil else { return nil }; fields.outputLength = value
                }
            case "hash_ids":
                guard !fields.seenHashIDs, let ids = integerArray() else { return nil }
                fields.seenHashIDs = true
                fields.hashIDs = ids
            default:
                guard skipValue() else { return nil }
            }
        } while expect(UInt8(ascii: ","))
        return expect(UInt8(ascii: "}")) ? fields : nil
    }

    /// A string without escapes or non-ASCII bytes.
    private mutating func plainString() -> String? {
        guard current == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        while let byte = current, byte != UInt8(ascii: "\"") {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        guard current != nil else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        return text
    }

    /// `-?digits`, at most 18 digits without a leading zero, not followed by a fraction or an exponent.
    private mutating func integer() -> Int? {
        let negative = current == UInt8(ascii: "-")
        if negative { position += 1 }
        var value = 0, digits = 0
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            position += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if digits > 1, bytes[position - digits] == UInt8(ascii: "0") { return nil }  // JSON has no leading zeros
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return nil }
        return negative ? -value : value
    }

    private mutating func integerArray() -> [Int]? {
        guard expect(UInt8(ascii: "[")) else { return nil }
        var values: [Int] = []
        if expect(UInt8(ascii: "]")) { return values }
        repeat {
            skipSpaces()
            guard let value = integer() else { return nil }
            values.append(value)
        } while expect(UInt8(ascii: ","))
        return expect(UInt8(ascii: "]")) ? values : nil
    }

    /// Another key's value: an integer, a plain string, an integer array, true, false or null.
    private mutating func skipValue() -> Bool {
        switch current {
        case UInt8(ascii: "\""): return plainString() != nil
        case UInt8(ascii: "["): return integerArray() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return integer() != nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { return false }
        position += count
        return true
    }
}
