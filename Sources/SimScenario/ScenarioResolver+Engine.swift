import CostModel
import Foundation

/// The `engine` key and vLLM's knob names.
extension ScenarioResolver {
    /// `engine = "vllm"` (a preset), `[engine] preset = "vllm", iteration_overhead_us = 400`
    /// (a preset overridden field by field), a whole table, or nothing (the default engine,
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

    /// Folds vLLM's names (`max_num_seqs`, `max_num_batched_tokens`, `enable_chunked_prefill`,
    /// `enable_prefix_caching`) into simserve's; giving both names of one knob is an error.
    mutating func mergeVLLMNames(_ section: SchedulerSection) -> SchedulerSection {
        var s = section
        func merge<T>(_ ours: inout T?, _ theirs: T?, _ oursName: String, _ theirsName: String) {
            guard let theirs else { return }
            if ours != nil {
                issue("scheduler.\(theirsName)", "is vLLM's name for scheduler.\(oursName); give one of the two, not both")
            } else {
                ours = theirs
            }
        }
        merge(&s.max_batch_size, s.max_num_seqs, "max_batch_size", "max_num_seqs")
        merge(&s.max_tokens_per_iteration, s.max_num_batched_tokens, "max_tokens_per_iteration", "max_num_batched_tokens")
        merge(&s.chunked_prefill, s.enable_chunked_prefill, "chunked_prefill", "enable_chunked_prefill")
        merge(&s.prefix_caching, s.enable_prefix_caching, "prefix_caching", "enable_prefix_caching")
        return s
    }
}
