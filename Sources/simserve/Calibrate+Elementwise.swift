import SimServeKit

/// `simserve calibrate --from FILES --hardware PRESET --elementwise` and `--gemm-library NAME`.
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

    func fitGemmLibrary(_ name: String) throws {
        guard let hardware else { throw CommandInputError("--from needs --hardware, the preset the measurements ran on") }
        guard let library = GemmLibrary(rawValue: name) else {
            throw CommandInputError("--gemm-library: '\(name)' is not one of " + GemmLibrary.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        let base = try Presets.hardware(named: hardware)
        let fitFiles = fitOn.map { $0.split(separator: ",").map { String($0) } } ?? GemmLibraryFit.fitFiles
        let fit = try GemmLibraryFit.fit(paths: from, base: base, library: library, fitSources: fitFiles)
        print("GEMMs of \(library.rawValue) on \(hardware), fitted on measured op times (GSL, least squares on relative error):\n")
        print(fit.markdown(baseName: hardware))
        print("[hardware] key:\n")
        print(fit.tomlLine, terminator: "")
    }
}
