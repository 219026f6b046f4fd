import CostModel
import Foundation

extension ModelSpec {
    /// Reads a Hugging Face transformers `config.json` (the file next to the weights of every
    /// model on the Hub) into a model spec.
    ///
    /// Fields read (transformers' `LlamaConfig`, `MistralConfig`, `MixtralConfig`,
    /// `Qwen2Config`, `PhiConfig` share these names): `hidden_size`, `num_hidden_layers`,
    /// `num_attention_heads`, `intermediate_size`, `vocab_size`, `max_position_embeddings`
    /// (required); `num_key_value_heads` (default: the attention heads, i.e. MHA), `head_dim`
    /// (default hidden / heads), `tie_word_embeddings` (default false), `torch_dtype`
    /// (float16 → fp16, bfloat16 → bf16, float32 → fp32; default fp16),
    /// `quantization_config` (`quant_method` "fp8" → fp8 weights, "mxfp4" → int4; `bits` 4 or 8,
    /// as GPTQ/AWQ write it → int4/int8 weight-only), `num_local_experts` (or `n_routed_experts`,
    /// `num_experts`) and `num_experts_per_tok` (MoE), and the fields of current architectures
    /// read by ``HuggingFaceFields/architecture(layers:)``: MLA, sliding windows, shared experts,
    /// expert width, leading dense layers. A `text_config` table (Gemma 3) stands for the top level.
    /// The KV cache takes the weights' type when it is bf16 or fp32, else fp16 (vLLM's
    /// `kv_cache_dtype = "auto"`).
    ///
    /// The MLP is gated (SwiGLU's gate, up and down projections) for the `llama`, `mistral`,
    /// `mixtral`, `qwen2` and `gemma` model types, plain (fc1, fc2) for `phi`, `gpt2`,
    /// `gpt_neox`, `falcon` and `opt`; for any other `model_type` it is gated when
    /// `hidden_act` is "silu" (the activation of every gated LLaMA-style MLP).
    ///
    /// - Parameters:
    ///   - path: the `config.json` file.
    ///   - name: the spec's name; default the last component of `_name_or_path`, else the
    ///     name of the directory holding the file.
    /// - Throws: ``ModelConfigError`` naming the file and the missing or bad field.
    public static func fromHuggingFaceConfig(path: String, name: String? = nil) throws(ModelConfigError) -> ModelSpec {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .unreadable(path: path, reason: "not valid JSON")
        }
        guard var json = object as? [String: Any] else {
            throw .unreadable(path: path, reason: "not a JSON object")
        }
        // Multimodal configs (Gemma 3) keep the language model's fields under `text_config`.
        if json["hidden_size"] == nil, let text = json["text_config"] as? [String: Any] {
            json.merge(text) { _, inner in inner }
        }
        let fields = HuggingFaceFields(json: json, path: path)

        let hidden = try fields.positiveInt("hidden_size")
        let layers = try fields.positiveInt("num_hidden_layers")
        let heads = try fields.positiveInt("num_attention_heads")
        let kvHeads = try fields.positiveInt("num_key_value_heads", default: heads)
        guard heads % kvHeads == 0 else {
            throw .badField(path: path, field: "num_key_value_heads", value: "\(kvHeads)",
                            expected: "a divisor of num_attention_heads (\(heads))")
        }
        let architecture = try fields.architecture(layers: layers)
        let headDim = try fields.positiveInt("head_dim", default: architecture.mlaHeadDim ?? hidden / heads)
        let intermediate = try fields.positiveInt("intermediate_size")
        let vocab = try fields.positiveInt("vocab_size")
        let maxContext = try fields.positiveInt("max_position_embeddings")
        let tie = try fields.bool("tie_word_embeddings", default: false)
        var experts = try fields.optionalPositiveInt("num_local_experts")
        if experts == nil { experts = try fields.optionalPositiveInt("n_routed_experts") }
        if experts == nil { experts = try fields.optionalPositiveInt("num_experts") }
        let active = try fields.optionalPositiveInt("num_experts_per_tok")
        if let experts, let active, active > experts {
            throw .badField(path: path, field: "num_experts_per_tok", value: "\(active)",
                            expected: "at most num_local_experts (\(experts))")
        }
        let dtype = try fields.weightDtype()
        let modelType = try fields.optionalString("model_type")?.lowercased()
        let activation = try fields.optionalString("hidden_act")?.lowercased()
        let gated: Bool
        switch modelType {
        case "llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen2_moe", "qwen3_moe", "gemma", "gemma2",
             "gemma3", "gemma3_text", "deepseek_v2", "deepseek_v3", "gpt_oss": gated = true
        case "phi", "gpt2", "gpt_neox", "falcon", "opt": gated = false
        default: gated = activation == "silu" || activation == "swiglu"
        }
        let defaultName = (json["_name_or_path"] as? String).flatMap { $0.split(separator: "/").last.map(String.init) }
            ?? URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        var spec = ModelSpec(name: name ?? defaultName, layers: layers, hiddenSize: hidden, heads: heads,
                             kvHeads: kvHeads, headDim: headDim, intermediateSize: intermediate,
                             vocabSize: vocab, gatedMLP: gated, maxContext: maxContext,
                             weightDtype: dtype, kvDtype: dtype == .bf16 || dtype == .fp32 ? dtype : .fp16,
                             tieEmbeddings: tie, experts: (experts ?? 1) > 1 ? experts : nil,
                             activeExperts: (experts ?? 1) > 1 ? (active ?? 1) : nil)
        architecture.apply(to: &spec)
        return spec
    }
}

/// Typed reads of a decoded `config.json` object, each error naming the file and field.
struct HuggingFaceFields {
    let json: [String: Any]
    let path: String

    func optionalPositiveInt(_ field: String) throws(ModelConfigError) -> Int? {
        guard let raw = json[field], !(raw is NSNull) else { return nil }
        // JSON numbers arrive as NSNumber; a Bool or a fraction is not a count.
        guard let number = raw as? NSNumber, !Self.isBoolean(raw),
              let value = Int(exactly: number.doubleValue), value > 0 else {
            throw .badField(path: path, field: field, value: Self.describe(raw), expected: "a positive integer")
        }
        return value
    }

    func positiveInt(_ field: String, default fallback: Int? = nil) throws(ModelConfigError) -> Int {
        if let value = try optionalPositiveInt(field) { return value }
        guard let fallback else { throw .missingField(path: path, field: field) }
        return fallback
    }

    func bool(_ field: String, default fallback: Bool) throws(ModelConfigError) -> Bool {
        guard let raw = json[field], !(raw is NSNull) else { return fallback }
        guard let value = raw as? Bool else {
            throw .badField(path: path, field: field, value: Self.describe(raw), expected: "true or false")
        }
        return value
    }

    func optionalString(_ field: String) throws(ModelConfigError) -> String? {
        guard let raw = json[field], !(raw is NSNull) else { return nil }
        guard let value = raw as? String else {
            throw .badField(path: path, field: field, value: Self.describe(raw), expected: "a string")
        }
        return value
    }

    /// `quantization_config` first (it says what is stored), then `torch_dtype`.
    func weightDtype() throws(ModelConfigError) -> DataType {
        if let quant = json["quantization_config"] as? [String: Any] {
            let method = (quant["quant_method"] as? String)?.lowercased()
            if method == "fp8" { return .fp8 }
            // gpt-oss: the experts in MXFP4 (4-bit elements, one 8-bit scale per 32).
            if method == "mxfp4" { return .int4 }
            if let bits = quant["bits"] as? NSNumber {
                switch bits.intValue {
                case 4: return .int4
                case 8: return .int8
                default:
                    throw .badField(path: path, field: "quantization_config.bits", value: bits.stringValue,
                                    expected: "4 or 8")
                }
            }
        }
        switch try optionalString("torch_dtype")?.lowercased() {
        case nil, "float16", "fp16", "half": return .fp16
        case "bfloat16", "bf16": return .bf16
        case "float32", "fp32", "float": return .fp32
        case let other?:
            throw .badField(path: path, field: "torch_dtype", value: "\"\(other)\"",
                            expected: "\"float16\", \"bfloat16\" or \"float32\"")
        }
    }

    /// Whether a decoded JSON value is `true` or `false`. (On Linux an NSNumber of 0 or 1 also
    /// casts to Bool; a JSON boolean is the NSNumber of a C `char`.)
    static func isBoolean(_ raw: Any) -> Bool {
        guard let number = raw as? NSNumber else { return raw is Bool }
        return String(cString: number.objCType) == "c"
    }

    static func describe(_ raw: Any) -> String {
        if let s = raw as? String { return "\"\(s)\"" }
        return "\(raw)"
    }
}
