import SimCore

/// A growing buffer of output bytes with the few appends a CSV line needs: text, integers in
/// decimal and seconds to the nanosecond (as ``seconds(_:)`` writes them), without a `String`
/// per field.
struct CSVBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    mutating func append(byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    mutating func append(bytes other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `value` in decimal, as `String(value)` writes it.
    mutating func append(integer value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        append(digitsOf: value.magnitude, minimumDigits: 1)
    }

    /// `x` seconds as below; nothing when nil.
    @inline(__always)
    mutating func append(seconds x: Double?) {
        if let x { append(seconds: x) }
    }

    /// `x` seconds rounded to the nanosecond, without trailing zeros: the bytes of
    /// ``seconds(_:)``.
    mutating func append(seconds x: Double) {
        let nanoseconds = Int64(saturatingNanoseconds: x)
        if nanoseconds < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = nanoseconds.magnitude
        append(digitsOf: UInt(magnitude / 1_000_000_000), minimumDigits: 1)
        var fraction = magnitude % 1_000_000_000
        guard fraction != 0 else { return }
        var digits = 9
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        bytes.append(UInt8(ascii: "."))
        append(digitsOf: UInt(fraction), minimumDigits: digits)
    }

    /// The decimal digits of `value`, left-padded with zeros to `minimumDigits`.
    private mutating func append(digitsOf value: UInt, minimumDigits: Int) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var v = value
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") &+ UInt8(v % 10)
                v /= 10
            } while v > 0 || buffer.count - i < minimumDigits
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }
}
