/// Suggestions for mistyped names: `max_batch_szie` → `max_batch_size`.
public enum DidYouMean {
    /// The candidate closest to `word`, if it is close enough to be what was meant.
    ///
    /// Closeness is the edit distance (Levenshtein's, with a swap of two adjacent
    /// characters counting as one edit), ignoring case. A candidate qualifies when the
    /// distance is at most a third of `word`'s length (at least 1, at most 3) and smaller
    /// than both lengths, so a short word is never "corrected" into an unrelated one. Ties
    /// go to the earlier candidate.
    ///
    /// - Complexity: O(*m* · *n*) per candidate, for words of lengths *m* and *n*.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = min(3, max(1, word.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            guard distance <= limit, distance < min(word.count, candidate.count) else { continue }
            if distance < best?.distance ?? Int.max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// A message for a value that is not one of the allowed ones:
    /// `"'poison' is not one of 'poisson', 'gamma'; did you mean 'poisson'?"`.
    ///
    /// For types that check a `kind` or a policy name themselves, so that every such
    /// message reads the same.
    public static func message(for value: String, notAmong allowed: [String]) -> String {
        let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
        var message = "'\(value)' is not one of \(list)"
        if let suggestion = suggestion(for: value, among: allowed) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
    }

    /// The optimal-string-alignment distance between `a` and `b`: insertions, deletions,
    /// substitutions and swaps of adjacent characters each count as one edit.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // distances[i][j]: distance between the first i characters of a and first j of b.
        var distances = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { distances[i][0] = i }
        for j in 0...b.count { distances[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let substitution = a[i - 1] == b[j - 1] ? 0 : 1
                var distance = min(distances[i - 1][j] + 1, distances[i][j - 1] + 1,
                                   distances[i - 1][j - 1] + substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance = min(distance, distances[i - 2][j - 2] + 1)
                }
                distances[i][j] = distance
            }
        }
        return distances[a.count][b.count]
    }
}
