import SimCore

/// The fast path of the CSV trace reader: the file's bytes scanned once, fields parsed in
/// place, no `String` per line or field.
///
/// It takes plain ASCII traces whose numbers are plain decimals, which the public traces are,
/// and gives the rows the general reader (``TraceReader/parse(_:path:)``) would. Anything else
/// — a byte outside printable ASCII, a number it cannot read exactly, a row the general reader
/// would reject — makes it answer nil, and the general reader reads the file and says what is
/// wrong, so the errors and the rows are the general reader's, byte for byte.
extension TraceReader {
    static func parseCSVBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [Row]? {
        let end = bytes.count
        // The header: the first line (the general reader parses it).
        var position = 0
        while position < end, bytes[position] != newline, bytes[position] != carriageReturn { position += 1 }
        guard position < end, let headerText = asciiString(bytes, 0, position),
              let layout = try? Layout(header: headerText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                       path: "")
        else { return nil }
        let headerCount = headerText.split(separator: ",").count
        let minimumFields = layout.minimumFields
        var rows: [Row] = []
        rows.reserveCapacity(end / 24)
        var origin: Double?
        var previous = -Double.infinity
        // Field boundaries of the current line, reused.
        var starts = [Int](repeating: 0, count: headerCount + 1)
        var ends = [Int](repeating: 0, count: headerCount + 1)
        while position < end {
            // Skip the line terminator (\n, \r\n or \r).
            if bytes[position] == carriageReturn {
                position += 1
                if position < end, bytes[position] == newline { position += 1 }
            } else if bytes[position] == newline {
                position += 1
            }
            guard position < end else { break }
            var fields = 0
            var fieldStart = position
            var blank = true
            while position < end {
                let byte = bytes[position]
                if byte == newline || byte == carriageReturn { break }
                guard byte >= 0x20 && byte < 0x7F || byte == tab else { return nil }
                if byte == comma {
                    guard fields < headerCount else { return nil }
                    starts[fields] = fieldStart
                    ends[fields] = position
                    fields += 1
                    fieldStart = position + 1
                }
                if byte != space && byte != tab { blank = false }
                position += 1
            }
            if blank { continue }
            guard fields < headerCount else { return nil }
            starts[fields] = fieldStart
            ends[fields] = position
            fields += 1
            guard fields >= minimumFields else { return nil }
            func trimmed(_ i: Int) -> (Int, Int) {
                var a = starts[i], b = ends[i]
                while a < b, bytes[a] == space || bytes[a] == tab { a += 1 }
                while b > a, bytes[b - 1] == space || bytes[b - 1] == tab { b -= 1 }
                return (a, b)
            }
            let (ta, tb) = trimmed(layout.time)
            let absolute: Double
            if layout.isTimestamp {
                guard let text = asciiString(bytes, ta, tb), let value = parseTimestamp(text) else { return nil }
                absolute = value
            } else {
                guard let value = parseDecimal(bytes, ta, tb), value >= 0 else { return nil }
                absolute = value
            }
            guard absolute.isFinite else { return nil }
            let (pa, pb) = trimmed(layout.prompt), (oa, ob) = trimmed(layout.output)
            guard let prompt = parseInteger(bytes, pa, pb), tokenRange.contains(prompt),
                  let output = parseInteger(bytes, oa, ob), tokenRange.contains(output)
            else { return nil }
            let start = origin ?? absolute
            origin = start
            let arrival = absolute - start
            guard arrival <= SimTime.inputLimitSeconds, arrival >= previous else { return nil }
            previous = arrival
            var id: String?
            if let column = layout.id {
                let (ia, ib) = column < fields ? trimmed(column) : (0, 0)
                id = asciiString(bytes, ia, ib)
            }
            rows.append(Row(arrivalSeconds: arrival, promptTokens: prompt, outputTokens: output, requestID: id))
        }
        return rows.isEmpty ? nil : rows
    }

    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private static let comma = UInt8(ascii: ","), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let zero = UInt8(ascii: "0"), dot = UInt8(ascii: ".")

    private static func asciiString(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String? {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
    }

    /// `[+-]digits`, as `Int(_:)` reads it; nil when it is not one or has more than 18 digits.
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int? {
        var i = a
        var negative = false
        if i < b, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < b, b - i <= 18 else { return nil }
        var value = 0
        while i < b {
            let digit = Int(bytes[i]) - Int(zero)
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    /// A plain decimal `digits[.digits]`, correctly rounded: its digits as an integer below
    /// 2⁵³ divided by a power of ten up to 10²² — both exact doubles, so the one division
    /// rounds correctly and gives what `Double(_:)` gives. Nil for anything else (signs,
    /// exponents, more digits), which the general reader then reads.
    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Double? {
        var i = a
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenDot = false
        while i < b {
            let byte = bytes[i]
            if byte == dot {
                guard !seenDot else { return nil }
                seenDot = true
            } else {
                let digit = UInt64(byte &- zero)
                guard digit <= 9 else { return nil }
                mantissa = mantissa &* 10 &+ digit
                digits += 1
                if seenDot { fractionDigits += 1 }
                guard digits <= 19 else { return nil }
            }
            i += 1
        }
        guard digits > 0, mantissa < 1 << 53, fractionDigits <= 22,
              !seenDot || (fractionDigits > 0 && i - a > fractionDigits + 1) else { return nil }
        return Double(mantissa) / powersOfTen[fractionDigits]
    }

    private static let powersOfTen: [Double] = (0...22).map(pow10)

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }  // exact up to 10²²
        return value
    }
}
