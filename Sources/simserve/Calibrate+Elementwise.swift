import SimServeKit

/// `simserve calibrate --from FILES --hardware PRESET --elementwise`.
extension Calibrate {
    func fitElementwise() throws {
        guard let hardware else { throw CommandInputError("--from needs --hardware, the preset the measurements ran on") }
        let base = try Presets.hardware(named: hardware)
        let fitFiles = fitOn.map { $0.split(separator: ",").map { String($0) } } ?? ElementwiseFit.fitFiles
        let fit = try ElementwiseFit.fit(paths: from, base: base, fitSources: fitFiles)
        print("Elementwise kernels of \(hardware), fitted on measured op times (GSL, least squares on relative error):\n")
        print(fit.markdown(baseName: hardware))
        print("[hardware] keys:\n")
        print(fit.tomlLines, terminator: "")
    }
}
