extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package var strippingBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
