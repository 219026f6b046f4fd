import Foundation

/// Aligned plain-text columns for the cost, validation and planning reports.
package enum TextTable {
    /// `rows` with columns padded to their widest cell; columns in `rightAligned` flush right;
    /// a rule of "─" after each row index in `ruleAfter`.
    package static func render(_ rows: [[String]], rightAligned: Set<Int>, ruleAfter: Set<Int> = [0]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in rows.enumerated() {
            let cells = (0..<columns).map { c -> String in
                let cell = c < row.count ? row[c] : ""
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }
            lines.append(cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "",
                                                                           options: .regularExpression))
            if ruleAfter.contains(i) {
                lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            }
        }
        return lines
    }
}

extension TextTable {
    /// `x` rounded to `digits` decimals and written with exactly that many ("—" when not finite).
    package static func fmt(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        var text = "\(rounded)"
        if digits == 0, text.hasSuffix(".0") { text.removeLast(2) }
        if let dot = text.firstIndex(of: "."), !text.contains("e") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }
}
