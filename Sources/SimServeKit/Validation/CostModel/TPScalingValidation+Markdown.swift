import Foundation

extension TPScalingValidation {
    /// Goal at each TP (plain MAPE of the layer step, %), from project issue 12.
    public static let goalPercent = 10.0
    static let degrees = [1, 2, 4, 8]

    /// A markdown section body: MAPE (bias) by file and TP, then the fit files and the
    /// held-out files apart at each TP.
    public static func markdown(_ rows: [Row], hardwareName: String, engineName: String = Presets.noEngine) -> String {
        let engine = engineName == Presets.noEngine ? "" : ", engine `\(engineName)`"
        var out = "Hardware `\(hardwareName)`\(engine); \(rows.count) layer steps. Plain MAPE (mean signed error in brackets);"
            + " **bold** misses \(String(format: "%.0f %%", goalPercent)); *fit* files in italics.\n\n"
        out += "| file | " + degrees.map { "TP \($0)" }.joined(separator: " | ") + " | all |\n|---|"
            + String(repeating: "---:|", count: degrees.count + 1) + "\n"
        let sources = Array(Set(rows.map(\.source))).sorted()
        for source in sources {
            let mine = rows.filter { $0.source == source }
            let name = mine.first!.fitted ? "*\(source)*" : source
            out += "| \(name) | " + degrees.map { tp in cell(mine.filter { $0.tensorParallel == tp }) }.joined(separator: " | ")
                + " | \(cell(mine)) |\n"
        }
        for (label, fitted) in [("**fit files**", true), ("**held-out files**", false)] {
            let mine = rows.filter { $0.fitted == fitted }
            out += "| \(label) | " + degrees.map { tp in cell(mine.filter { $0.tensorParallel == tp }) }.joined(separator: " | ")
                + " | \(cell(mine)) |\n"
        }
        return out
    }

    /// Per TP and split: (tp, fitted, MAPE %) — for the JSON output and tests.
    public static func summary(_ rows: [Row]) -> [(tensorParallel: Int, fitted: Bool, mape: Double, count: Int)] {
        var out: [(Int, Bool, Double, Int)] = []
        for tp in degrees {
            for fitted in [true, false] {
                if let e = errors(rows.filter { $0.tensorParallel == tp && $0.fitted == fitted }) {
                    out.append((tp, fitted, e.mape, e.count))
                }
            }
        }
        return out
    }

    static func cell(_ rows: [Row]) -> String {
        guard let e = errors(rows) else { return "—" }
        let text = String(format: "%.1f %% (%+.1f %%)", e.mape, e.bias)
        return e.mape > goalPercent ? "**\(text)**" : text
    }
}
