import CostModel

extension ScenarioResolver {
    /// Decodes `[section]` over the preset it names (`section = "name"` or `preset = "name"`),
    /// so the user's keys replace the preset's field by field.
    mutating func resolvePreset<T: Decodable>(
        _ type: T.Type, section: String, in root: ConfigTable, required: Bool, preset kind: PresetKind
    ) -> T? {
        let presetNames = kind.names
        var user: ConfigTable
        switch root[section] {
        case nil:
            if required {
                issue(section, "missing; name a preset (\(section) = \"\(presetNames.first ?? "")\") or give its fields; presets: \(presetNames.joined(separator: ", "))")
            }
            return nil
        case .string(let name)?:
            user = ConfigTable()
            user["preset"] = .string(name)
        case .table(let table)?:
            user = table
        case let other?:
            issue(section, "expected a preset name or a table, found \(other.typeDescription)")
            return nil
        }
        var merged = ConfigTable()
        if section == "model", let configValue = user["config"] {
            user["config"] = nil
            guard user["preset"] == nil else {
                issue("model.config", "give either model.config or model.preset, not both")
                return nil
            }
            guard case .string(let path) = configValue else {
                issue("model.config", "expected the path of a Hugging Face config.json, found \(configValue.typeDescription)")
                return nil
            }
            do {
                let spec = try ModelSpec.fromHuggingFaceConfig(path: relative(path))
                do { merged = try ConfigTable(modelSpec: spec) } catch {
                    issue("model.config", "\(error)")
                    return nil
                }
            } catch {
                issue("model.config", error.description)
                return nil
            }
        }
        if let presetValue = user["preset"] {
            user["preset"] = nil
            guard case .string(let name) = presetValue else {
                issue("\(section).preset", "expected a string, found \(presetValue.typeDescription)")
                return nil
            }
            do { merged = try Presets.table(kind, named: name) } catch {
                issue("\(section).preset", error.description)
                return nil
            }
        }
        return decode(T.self, from: merged.overlaid(with: user), prefix: [section])
    }
}
