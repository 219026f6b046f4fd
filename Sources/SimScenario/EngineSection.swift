import CostModel
import Foundation
import SimServing

/// `engine` (or `[engine]`): the serving engine whose terms the roofline cost model adds, and how
/// it batches prompts with decodes.
extension ScenarioResolver {
    /// `engine = "vllm"` (a preset), `[engine] preset = "vllm", iteration_overhead_us = 400`
    /// (a preset overridden field by field; without `preset` and `name`, the default preset
    /// overridden), a whole table, or nothing (the default engine,
    /// ``Presets/defaultEngine``; `HardwareProfile` names "none" for a calibrated profile).
    mutating func resolveEngine(_ value: ConfigValue?, hardware: HardwareSpec) -> EngineSpec? {
        var value = value ?? .string(Presets.defaultEngine)
        if case .table(var user) = value, let reference = user["profile"] {
            // `[engine] profile = "file.toml"`: a profile written by `calibrate --from-serving`,
            // the scenario's other engine keys laid over it.
            user["profile"] = nil
            guard case .string(let path) = reference else {
                issue("engine.profile", "expected the path of an engine profile, found \(reference.typeDescription)")
                return nil
            }
            guard let profile = loadEngineProfile(path) else { return nil }
            value = .table(profile.overlaid(with: user))
        }
        // A table that names no preset and is not a whole engine (no `name`) overrides the
        // default preset: `--set engine.iteration_overhead_us=400` on a scenario without an
        // engine line.
        if case .table(var table) = value, table["preset"] == nil, table["name"] == nil {
            table["preset"] = .string(Presets.defaultEngine)
            value = .table(table)
        }
        if case .string(let name) = value, name.lowercased() == Presets.noEngine {
            return .bare(hardware)
        }
        if case .table(let table) = value, case .string(let name)? = table["preset"], name.lowercased() == Presets.noEngine {
            issue("engine.preset", "\"none\" takes no fields; give a preset to override, or the whole table")
            return nil
        }
        var scoped = ConfigTable()
        scoped["engine"] = value
        let spec: EngineSpec? = resolvePreset(
            EngineSpec.self, section: "engine", in: scoped, required: true,
            preset: .engine)
        for problem in spec?.problems ?? [] { issue("engine.\(problem.key)", problem.message) }
        return spec
    }

    /// The `[engine]` table of the engine profile at `path` (relative to the scenario's
    /// directory, then the current directory); problems go to `engine.profile`.
    mutating func loadEngineProfile(_ path: String) -> ConfigTable? {
        let candidates = path.hasPrefix("/") ? [path] : [relative(path), path]
        let found = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
        guard let text = try? String(contentsOfFile: found, encoding: .utf8) else {
            issue("engine.profile", "\(found): no such engine profile, or not readable UTF-8 text")
            return nil
        }
        let table: ConfigTable
        do { table = try ConfigTable.parse(toml: text, source: found) } catch {
            issue("engine.profile", "\(found): \(error.issues.map(\.description).joined(separator: "; "))")
            return nil
        }
        guard case .string("simserve-engine-profile")? = table["format"], case .table(let engine)? = table["engine"] else {
            issue("engine.profile", "\(found): not an engine profile (expected format = \"simserve-engine-profile\" and an [engine] table)")
            return nil
        }
        return engine
    }

    /// How prompts meet decodes is the engine's, for a colocated continuous-batching scheduler
    /// (a disaggregated deployment's pools never mix them: the prefill pool runs no decodes,
    /// the decode pool's arrivals join as one-token steps). `ignoresEOS`: the workload's
    /// `ignore_eos`.
    mutating func applyEngine(_ engine: EngineSpec, to scheduler: inout SchedulerSettings, ignoresEOS: Bool) {
        scheduler.separatePrefillBatches = engine.separatesPrefillBatches(chunkedPrefill: scheduler.chunkedPrefill)
        scheduler.decodeStepsPerRound = scheduler.separatePrefillBatches ? engine.schedulerSteps : 1
        scheduler.overlapScheduling = engine.overlapScheduling
        if scheduler.strategy == .continuous {
            scheduler.outputReserve = engine.outputReserve
            if engine.ignoreEOSAdmission, ignoresEOS, !scheduler.prefixCaching {
                scheduler.futurePeakAdmission = true
                scheduler.outputReserve = .none
            }
        }
        if engine.schedulerSteps > 1, !scheduler.separatePrefillBatches {
            warnings.append(ScenarioIssue(keyPath: "engine.scheduler_steps", message:
                "ignored: multi-step scheduling applies only when prefill batches run apart from decodes (engine.prefill_decode_mixing, scheduler.chunked_prefill)"))
        }
    }
}
