import SimServeKit

/// `simserve calibrate --from FILES --hardware PRESET --eager-all-reduce`.
extension Calibrate {
    func fitEagerAllReduce() throws {
        guard let hardware else { throw CommandInputError("--from needs --hardware, the preset the measurements ran on") }
        let base = try Presets.hardware(named: hardware)
        let names = from.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        let fitFiles = fitOn.map { $0.split(separator: ",").map { String($0) } } ?? [names[0]]
        for name in fitFiles where !names.contains(name) {
            throw CommandInputError("--fit-on: '\(name)' is not one of the --from files (\(names.joined(separator: ", ")))")
        }
        let fit = try EagerAllReduceFit.fit(paths: from, hardware: base, fitSources: fitFiles)
        print("Eagerly launched all-reduce on \(hardware) (Vidur's profiler: torch.distributed.all_reduce back to back, no CUDA graph):\n")
        print(fit.markdown(hardwareName: hardware))
        print("[engine] key:\n")
        print(fit.tomlLine)
    }
}
