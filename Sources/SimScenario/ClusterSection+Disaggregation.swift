import CostModel
import SimCore
import SimServing
import SimSupport

/// `[cluster.prefill]`, `[cluster.decode]` and `[cluster.kv_transfer]`: disaggregated
/// prefill/decode serving.
///
/// ```toml
/// [cluster.prefill]           # runs on [hardware]
/// replicas = 2
/// tp = 1
/// [cluster.decode]
/// replicas = 1
/// tp = 2
/// hardware = "a100-80gb"      # optional: another GPU type for the decode pool
/// [cluster.kv_transfer]
/// link = "infiniband"         # nvlink, infiniband, roce, pcie, ideal
/// mode = "layerwise"          # or "whole_request"
/// bandwidth_gbs = 50          # optional overrides of the preset, per GPU, one way
/// latency_us = 10
/// ```
struct PoolSection: Decodable {
    var replicas: Int?
    var tp: Int?
    /// A hardware preset name (decode pool only; the prefill pool runs on `[hardware]`).
    var hardware: String?
}

struct KVTransferSection: Decodable {
    var link: String?
    var mode: String?
    var bandwidth_gbs: Double?
    var latency_us: Double?
}

extension ScenarioResolver {
    /// The cluster the rest of the resolver sizes: the prefill pool's replicas and TP when the
    /// scenario is disaggregated (checking that the colocated keys are not given too).
    mutating func effectiveCluster(_ cluster: ClusterSection?) -> ClusterSection? {
        guard var cluster, cluster.prefill != nil || cluster.decode != nil || cluster.kv_transfer != nil else { return cluster }
        for (key, given) in [("replicas", cluster.replicas != nil), ("tp", cluster.tp != nil), ("pp", cluster.pp != nil)] where given {
            issue("cluster.\(key)", "not used with [cluster.prefill] and [cluster.decode]: give replicas and tp in each pool's table")
        }
        if cluster.prefill == nil { issue("cluster.prefill", "missing; a disaggregated cluster needs [cluster.prefill] and [cluster.decode]") }
        if cluster.decode == nil { issue("cluster.decode", "missing; a disaggregated cluster needs [cluster.prefill] and [cluster.decode]") }
        if cluster.prefill?.hardware != nil {
            issue("cluster.prefill.hardware", "the prefill pool runs on [hardware]; only cluster.decode.hardware may name another GPU")
        }
        cluster.replicas = cluster.prefill?.replicas ?? 1
        cluster.tp = cluster.prefill?.tp ?? 1
        cluster.pp = nil
        return cluster
    }

    /// The decode pool and the link, once the prefill pool (the scenario's own replicas, cost
    /// model and memory) is resolved. Nil when the cluster is not disaggregated.
    mutating func resolveDisaggregation(
        _ file: ScenarioFile, model: ModelSpec?, hardware: HardwareSpec?, prefill: ServingPool, costKind: String,
        memoryFraction: Double, blockSize: Int, maxTokens: Int
    ) throws(ScenarioLoadError) -> DisaggregationSettings? {
        guard let cluster = file.cluster, let decodeSection = cluster.decode, cluster.prefill != nil else { return nil }
        check(costKind == "roofline", "cluster.decode", "disaggregated serving needs the roofline cost model (a model and hardware)")
        check(file.speculative == nil, "speculative", "not supported with disaggregated serving ([cluster.prefill] / [cluster.decode])")
        let s = file.scheduler
        check(s?.prefix_caching != true, "scheduler.prefix_caching", "not supported with disaggregated serving")
        check((s?.kind ?? "continuous") == "continuous", "scheduler.kind",
              "disaggregated serving needs continuous batching, got \"\(s?.kind ?? "")\"")
        let routing = file.cluster?.router ?? "round_robin"
        check(!["central_queue", "prefix_affinity"].contains(routing), "cluster.router",
              "\"\(routing)\" is not supported with disaggregated serving; use round_robin, join_shortest_queue, least_outstanding_tokens or least_kv")
        let replicas = positive(decodeSection.replicas ?? 1, "cluster.decode.replicas")
        let tp = positive(decodeSection.tp ?? 1, "cluster.decode.tp")
        let t = file.cluster?.kv_transfer
        let linkName = t?.link ?? "infiniband"
        let preset = KVTransferLink.presets[linkName]
        if preset == nil { issue("cluster.kv_transfer.link", DidYouMean.message(for: linkName, notAmong: KVTransferLink.presetNames)) }
        let mode = t?.mode ?? "layerwise"
        check(["layerwise", "whole_request"].contains(mode), "cluster.kv_transfer.mode",
              DidYouMean.message(for: mode, notAmong: ["layerwise", "whole_request"]))
        let bandwidth = t?.bandwidth_gbs ?? preset?.gbPerSecond ?? 1
        check(bandwidth >= 1e-3 && !bandwidth.isNaN, "cluster.kv_transfer.bandwidth_gbs",
              "must be in 1e-3 GB/s...inf (inf: an ideal link), got \(bandwidth)")
        let latency = t?.latency_us ?? preset?.latencyMicroseconds ?? 0
        check(latency >= 0 && latency <= 1e9, "cluster.kv_transfer.latency_us", "must be in 0...1e9 µs, got \(latency)")
        guard issues.isEmpty, let model, let prefillHardware = hardware else { return nil }

        var decodeHardware = prefillHardware
        if let name = decodeSection.hardware {
            var scoped = ConfigTable()
            scoped["cluster.decode.hardware"] = .string(name)
            guard let spec: HardwareSpec = resolvePreset(
                HardwareSpec.self, section: "cluster.decode.hardware", in: scoped, required: true,
                preset: .hardware) else { return nil }
            decodeHardware = spec
        }
        let before = issues.count
        checkDeployment(model: model, hardware: decodeHardware, replicas: replicas, tp: tp, pp: 1)
        renameClusterIssues(from: before, to: "cluster.decode")
        let engine = resolveEngine(root["engine"], hardware: decodeHardware)
        guard issues.isEmpty else { return nil }
        let parallelism = Parallelism(tensor: tp, pipeline: 1)
        let plan: MemoryPlan
        do throws(MemoryFitError) {
            plan = try MemoryPlan(model: model, hardware: decodeHardware, parallelism: parallelism,
                                  gpuMemoryUtilization: memoryFraction, blockSizeTokens: blockSize, maxBatchTokens: maxTokens,
                                  kvCacheSizing: engine?.kvCacheSizing ?? .fractionOfTotal)
        } catch {
            throw .doesNotFit(error)
        }
        let table = TabulatedCostModel(RooflineCostModel(model: model, hardware: decodeHardware, parallelism: parallelism,
                                                         engine: engine),
                                       maxTokens: maxTokens)
        let decode = ServingPool(replicas: replicas, gpusPerReplica: tp, kvBlocksPerReplica: plan.kvBlocks,
                                 costModel: .roofline(table), hardware: HardwareFigures(decodeHardware, weightDtype: model.weightDtype),
                                 memoryGBPerGPU: decodeHardware.memoryGB)
        let link = KVTransferLink(name: linkName, bytesPerSecondPerGPU: bandwidth * 1e9, latencySeconds: latency * 1e-6,
                                  layerwise: mode == "layerwise")
        return DisaggregationSettings(prefill: prefill, decode: decode, link: link, kvBytesPerToken: model.kvBytesPerToken,
                                      layers: model.layers)
    }

    /// The deployment checks name `cluster.replicas` and `cluster.tp`: for a pool, its own keys.
    mutating func renameClusterIssues(from start: Int, to pool: String) {
        for i in start..<issues.count where issues[i].keyPath.hasPrefix("cluster.") {
            issues[i].keyPath = pool + "." + issues[i].keyPath.dropFirst("cluster.".count)
        }
    }
}
