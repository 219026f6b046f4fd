import Calibrator
import Foundation
import SimServeKit

/// `simserve calibrate --from-kernels DIR --gpu PRESET`.
extension Calibrate {
    func fitKernelTables(directory: String) throws {
        guard let name = gpu else { throw CommandInputError("--from-kernels needs --gpu, the preset to fit") }
        guard let target = KernelGPU.named(name) else {
            throw CommandInputError("--gpu: '\(name)' has no measured kernel tables; one of "
                                   + KernelGPU.all.map { "'\($0.preset)'" }.joined(separator: ", "))
        }
        let preset = try Presets.hardware(named: target.preset)
        let measurements = try AIConfiguratorTables.read(directory: directory, gpus: [target])
        var fit = try KernelTablesFit.fit(measurements: measurements, gpu: target, preset: preset, held: try heldParameters())
        fit.hardware.name = self.name ?? "\(target.preset)-kernels"
        fit.hardware.kernelData = "fitted by simserve calibrate --from-kernels on \(directory) (\(target.label), \(target.backend))"
        let out = self.out ?? "hardware/\(target.preset)-kernels.toml"
        let profile = KernelTablesProfile(fit: fit, directory: directory)
        try write(profile: profile.toml(), measurements: profile.measurementsCSV(), to: out)
        print(CalibrationReport.text(fit), terminator: "")
        print("Wrote \(out) (use it with [hardware] profile = \"\(out)\") and \(MeasurementsCSV.path(besideProfile: out))")
    }

    /// `simserve calibrate --from-kernels DIR --gpu PRESET --decode-attention-kernel KERNEL`.
    func fitDecodeAttentionKernel(_ name: String, directory: String) throws {
        let own = DecodeAttentionKernel.allCases.filter { DecodeAttentionKernelFit.source(of: $0) != nil }
        guard let kernel = DecodeAttentionKernel(rawValue: name), DecodeAttentionKernelFit.source(of: kernel) != nil else {
            throw CommandInputError("--decode-attention-kernel: '\(name)' is not one of " + own.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                                    + " ('\(DecodeAttentionKernel.flash.rawValue)' is the GPU's own figures, fitted without this option)")
        }
        guard let name = gpu else { throw CommandInputError("--from-kernels needs --gpu, the preset to fit") }
        guard let target = KernelGPU.named(name), let table = DecodeAttentionKernelFit.tableGPU(target, kernel: kernel) else {
            throw CommandInputError("--gpu: '\(name)' has no measured kernel tables; one of "
                                   + KernelGPU.all.map { "'\($0.preset)'" }.joined(separator: ", "))
        }
        let preset = try Presets.hardware(named: target.preset)
        let measurements = try AIConfiguratorTables.read(directory: directory, gpus: [table])
        let fit = try DecodeAttentionKernelFit.fit(measurements: measurements, gpu: table, preset: preset, kernel: kernel,
                                                   held: try heldParameters())
        print(fit.report, terminator: "")
    }

    /// `simserve calibrate --from-kernels DIR --gpu PRESET --attention-library LIBRARY`: the GPU's
    /// figures for an attention library, fitted on the library's rows of a project's own tables
    /// (their FIT head shapes, ``KernelSplitRule``) by the decode and prefill groups of the kernel
    /// fit, the other head shapes held out.
    func fitAttentionLibrary(_ name: String, directory: String) throws {
        let others = AttentionLibrary.allCases.filter { KernelGPU.attentionBackend(of: $0) != nil }
        guard let library = AttentionLibrary(rawValue: name), let backend = KernelGPU.attentionBackend(of: library) else {
            throw CommandInputError("--attention-library: '\(name)' is not one of " + others.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                                    + " ('\(AttentionLibrary.current.rawValue)' is the GPU's own figures, fitted without this option)")
        }
        guard let gpuName = gpu else { throw CommandInputError("--from-kernels needs --gpu, the preset to fit") }
        guard var target = KernelGPU.named(gpuName) else {
            throw CommandInputError("--gpu: '\(gpuName)' has no measured kernel tables; one of "
                                   + KernelGPU.all.map { "'\($0.preset)'" }.joined(separator: ", "))
        }
        target.backend = backend
        let preset = try Presets.hardware(named: target.preset)
        let attentionKinds: Set<KernelKind> = [.decodeAttention, .prefillAttention]
        let measurements = try AIConfiguratorTables.readOwn(directory: directory, gpus: [target], attentionFitted: [target.label])
            .filter { attentionKinds.contains($0.kind) }
        guard measurements.contains(where: { $0.gpu == target.label && $0.split == .fit }) else {
            throw CommandInputError("--attention-library \(library.rawValue): \(directory) has no \(target.label) attention rows of "
                                    + "backend '\(backend)' with a FIT head shape (decode_attention.csv, prefill_attention.csv)")
        }
        // A library's prefill grid (one block per query tile and head) may leave the GPU's SMs idle
        // on few heads: that term is fitted here.
        let fit = try KernelTablesFit.fit(measurements: measurements, gpu: target, preset: preset, held: try heldParameters(),
                                          fitting: ["prefill_attention_half_rate_units"])
        print(CalibrationReport.text(fit), terminator: "")
        let key = library.hardwareKey ?? ""
        print("[hardware] key (\(library.rawValue), laid over the GPU's own attention figures for engines with "
              + "attention_library = \"\(library.rawValue)\"):")
        print("\(key) = \(AttentionLibraryFigures(from: fit.hardware.shape).tomlInlineTable)")
    }

    /// `--hold NAME=VALUE` options as parameter values (names are checked by the fit).
    func heldParameters() throws -> [String: Double] {
        var held: [String: Double] = [:]
        for item in hold {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite, value >= 0 else {
                throw CommandInputError("--hold: '\(item)' is not NAME=VALUE with a finite value ≥ 0 (e.g. fp8_compute_efficiency=0.75)")
            }
            guard held[parts[0]] == nil else { throw CommandInputError("--hold: '\(parts[0])' is given twice") }
            held[parts[0]] = value
        }
        return held
    }
}
