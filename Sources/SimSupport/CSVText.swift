/// CSV cells.
package enum CSVText {
    /// `text` as one CSV cell: quoted, with its quotes doubled, when it holds a comma, a quote
    /// or a line break; else as it is.
    package static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
