/// Validation of one measured file at a time (`simserve validate ops|attention|allreduce`).
extension OpValidation {
    /// What a measured file holds.
    public enum FileKind: String, Sendable, CaseIterable {
        /// A Vidur `<model>.mlp.csv`: one layer's token-level ops by TP and tokens.
        case layerOps = "ops"
        /// Attention kernel samples: kind, batch_size, prefill_chunk_size, kv_cache_size, median_ms.
        case attention
        /// NCCL all-reduce times: num_workers, size, devices_per_node, time_stats.all_reduce.median.
        case allReduce = "allreduce"
    }

    /// Name of the fitted A100-80GB description (``calibratedA100``), accepted wherever a
    /// validation command takes a hardware name.
    public static let calibratedHardwareName = "a100-80gb-calibrated"

    /// The hardware preset `name`, or ``calibratedA100`` for ``calibratedHardwareName``.
    /// - Throws: ``PresetError`` (with a suggestion) for an unknown name.
    public static func hardware(named name: String) throws(PresetError) -> HardwareSpec {
        if name == calibratedHardwareName { return calibratedA100 }
        do { return try Presets.hardware(named: name) } catch {
            throw PresetError(kind: "hardware", name: name, known: [calibratedHardwareName] + Presets.hardwareNames)
        }
    }

    /// Predicts every row of the measured file at `path` on `hardware`, run by `engine` (its
    /// kernel choices: ``profiled(_:on:)``; nil: the hardware's own figures).
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks a column.
    /// - Complexity: O(rows of the file).
    public static func validate(file path: String, kind: FileKind,
                                hardware: HardwareSpec = calibratedA100,
                                engine: EngineSpec? = nil) throws(OpValidationError) -> ValidationReport {
        let table = try CSVTable(path: path)
        let source = path.split(separator: "/").last.map(String.init) ?? path
        switch kind {
        case .layerOps: return ValidationReport(rows: try layerOpRows(table, source: source, hardware: hardware, engine: engine))
        case .attention: return ValidationReport(rows: try attentionRows(table, source: source, hardware: hardware, engine: engine))
        case .allReduce: return ValidationReport(rows: try allReduceRows(table, source: source, hardware: hardware, engine: engine))
        }
    }
}
