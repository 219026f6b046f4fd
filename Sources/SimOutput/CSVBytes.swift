import Foundation
import SimCore

/// A growing buffer of output bytes with the few appends a CSV line needs: text, integers in
/// decimal and seconds to the nanosecond (as ``seconds(_:)`` writes them), without a `String`
/// per field. Bytes are stored through a raw pointer: an append checks the room once, not per
/// byte.
package struct CSVBytes {
    // The buffer's state lives in the struct (plain loads and stores, no runtime exclusivity
    // checks); `owner` only frees the memory. Use one value at a time (a copy shares the bytes).
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    package private(set) var count = 0
    private let owner: Owner

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        owner = Owner(base)
    }

    /// A copy of the bytes written.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, as `Data` (a copy).
    package var data: Data { Data(bytes: base, count: count) }

    /// Forgets the bytes written, keeping the room.
    package mutating func removeAll() { count = 0 }

    /// Room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        owner.base = moved
        capacity = grown
    }

    @inline(__always)
    package mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    package mutating func append(bytes other: [UInt8]) {
        other.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    private mutating func append(contentsOf source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        (base + count).update(from: start, count: source.count)
        count += source.count
    }

    /// `value` in decimal, as `String(value)` writes it.
    package mutating func append(integer value: Int) {
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        append(digitsOf: UInt64(value.magnitude), minimumDigits: 1)
    }

    /// `x` seconds as below; nothing when nil.
    @inline(__always)
    package mutating func append(seconds x: Double?) {
        if let x { append(seconds: x) }
    }

    /// `x` seconds rounded to the nanosecond, without trailing zeros: the bytes of
    /// ``seconds(_:)``.
    package mutating func append(seconds x: Double) {
        let nanoseconds = Int64(saturatingNanoseconds: x)
        if nanoseconds < 0 { append(byte: UInt8(ascii: "-")) }
        let magnitude = nanoseconds.magnitude
        append(digitsOf: magnitude / 1_000_000_000, minimumDigits: 1)
        var fraction = magnitude % 1_000_000_000
        guard fraction != 0 else { return }
        var digits = 9
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        append(byte: UInt8(ascii: "."))
        append(digitsOf: fraction, minimumDigits: digits)
    }

    /// The decimal digits of `value`, left-padded with zeros to `minimumDigits`.
    private mutating func append(digitsOf value: UInt64, minimumDigits: Int) {
        var length = 1
        var rest = value / 10
        while rest > 0 { length += 1; rest /= 10 }
        length = max(length, minimumDigits)
        reserve(length)
        var cursor = base + count + length
        var v = value
        for _ in 0..<length {
            cursor -= 1
            cursor.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
        }
        count += length
    }

    /// Frees the buffer when the last reference goes.
    private final class Owner {
        var base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }
}
