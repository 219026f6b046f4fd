import XCTest
import SimServeKit
import TestSupport

/// Prefix caching: shared prompt prefixes computed once, kept while memory allows.
final class PrefixCachingTests: XCTestCase {
    static let rag = """
        name = "rag"
        seed = 5
        requests = 1200
        model = "llama-3-8b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 4096
        prefix_caching = true
        [workload]
        arrival = { kind = "poisson", rate = 5.0 }
        prompt_tokens = { kind = "lognormal", mean = 200, cv = 0.5, max = 1000 }
        output_tokens = { kind = "lognormal", mean = 100, cv = 0.6, max = 400 }
        prefix = { groups = 20, tokens = 2000, popularity = 1.0 }
        """

    /// Requests that repeat a cached prefix skip its prefill: TTFT falls, the hit rate is
    /// reported, and every request still ends with all its tokens.
    func testCachingCutsTTFTForRepeatedPrefixes() throws {
        let (_, cached) = try TestSupport.run(Self.rag)
        let (_, plain) = try TestSupport.run(Self.rag, overrides: ["scheduler.prefix_caching=false"])
        XCTAssertEqual(cached.records.map(\.promptTokens), plain.records.map(\.promptTokens))
        XCTAssertTrue(cached.records.allSatisfy { $0.promptTokens >= 2000 })
        let hitRate = try XCTUnwrap(cached.summary.prefixHitRate)
        XCTAssertGreaterThan(hitRate, 0.6)
        XCTAssertNil(plain.summary.prefixHitRate)
        XCTAssertLessThan(cached.summary.ttft!.p50, 0.6 * plain.summary.ttft!.p50)
        for r in cached.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
    }

    /// Under memory pressure idle cached prefixes are evicted (least recently used) to make
    /// room; KV use stays within capacity and the run completes, with fewer hits than with room.
    func testEvictionUnderPressure() throws {
        let (_, roomy) = try TestSupport.run(Self.rag)
        let (_, tight) = try TestSupport.run(Self.rag, overrides: [
            "scheduler.gpu_memory_utilization=0.24", "workload.prefix={ groups = 200, tokens = 2000, popularity = 0.5 }"])
        XCTAssertEqual(tight.summary.completed, 1200)
        XCTAssertLessThanOrEqual(tight.summary.kvUtilizationPeak, 1.0)
        XCTAssertLessThan(tight.summary.prefixHitRate!, roomy.summary.prefixHitRate!)
        for r in tight.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
    }

    /// With several replicas, routing by cached prefix raises the hit rate over round-robin.
    func testPrefixAffinityRoutingRaisesHits() throws {
        let multi = ["cluster.replicas=4", "workload.arrival.rate=16", "workload.prefix={ groups = 400, tokens = 2000, popularity = 0.8 }",
                     "scheduler.gpu_memory_utilization=0.3"]
        let (_, roundRobin) = try TestSupport.run(Self.rag, overrides: multi)
        let (_, affinity) = try TestSupport.run(Self.rag, overrides: multi + ["cluster.router=prefix_affinity"])
        XCTAssertGreaterThan(affinity.summary.prefixHitRate!, roundRobin.summary.prefixHitRate! + 0.05,
                             "affinity \(affinity.summary.prefixHitRate!) vs round-robin \(roundRobin.summary.prefixHitRate!)")
        let error = try XCTUnwrap(TestSupport.loadError(Self.rag, overrides: ["cluster.router=prefix_affinity", "scheduler.prefix_caching=false"]))
        XCTAssertTrue(error.contains("cluster.router: prefix_affinity needs scheduler.prefix_caching = true"), error)
    }

    /// The Mooncake trace layout: JSON lines whose hash ids name 512-token blocks.
    func testMooncakeTraceLayout() throws {
        let text = """
            {"timestamp": 0, "input_length": 1100, "output_length": 5, "hash_ids": [7, 8, 9]}
            {"timestamp": 1500, "input_length": 1030, "output_length": 3, "hash_ids": [7, 8, 11]}
            """
        let rows = try TraceReader.parse(text, path: "m.jsonl")
        XCTAssertEqual(rows.map(\.arrivalSeconds), [0, 1.5])
        XCTAssertEqual(rows[1].prefix, .blocks(ids: [7, 8, 11], blockTokens: 512))
        XCTAssertThrowsError(try TraceReader.parse("{\"timestamp\": \"x\"}", path: "bad.jsonl")) { error in
            XCTAssertEqual("\(error)", "Trace 'bad.jsonl', line 1: 'timestamp' must be an integer, found x")
        }
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("m.jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, result) = try TestSupport.run("""
            model = "llama-3-8b"
            hardware = "a100-80gb"
            [scheduler]
            prefix_caching = true
            [workload]
            trace = "\(path)"
            """)
        // The second request finds the first one's two shared 512-token blocks cached.
        XCTAssertEqual(result.summary.prefixHitRate!, 1024.0 / 2130.0, accuracy: 1e-12)
    }

    /// The cache hits whole KV blocks, as vLLM's does. A 100-token system prompt shared by
    /// every request, 16-token blocks: its 6 full blocks (96 tokens) hit for every request
    /// after the first; the 7th block holds 4 system tokens and 12 of the request's own, so
    /// it is never shared (vLLM never caches a partial block). Arrivals 1 s apart: each
    /// request has finished (and cached its blocks) before the next arrives.
    func testSharedSystemPromptHitsItsFullBlocks() throws {
        let (_, result) = try TestSupport.run("""
            seed = 3
            requests = 10
            model = "llama-2-7b"
            hardware = "h100-sxm"
            [scheduler]
            prefix_caching = true
            block_size = 16
            [workload]
            arrival = { kind = "constant", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 50 }
            output_tokens = { kind = "fixed", value = 8 }
            prefix = { groups = 1, tokens = 100 }
            """)
        XCTAssertTrue(result.records.allSatisfy { $0.promptTokens == 150 })
        // 9 requests × 96 tokens hit, of 10 × 150 looked up.
        XCTAssertEqual(result.summary.prefixHitRate!, 9.0 * 96 / 1500, accuracy: 1e-12)
        // Per request, through the time to first token: the first computes 150 tokens, the
        // others 54.
        let ttfts = result.records.map { $0.firstToken! - $0.arrival }
        XCTAssertTrue(ttfts.dropFirst().allSatisfy { $0 < ttfts[0] }, "\(ttfts)")
    }

    /// A prompt cached in full still computes its last token (for its logits): vLLM caps a
    /// hit at ⌊(L − 1)/block⌋ blocks, so a repeated 1,024-token prompt in 16-token blocks hits
    /// 63 blocks (1,008 tokens), not 64. Mooncake's 512-token hash ids are expanded to 32
    /// sub-blocks each; a 1,030-token prompt sharing two of them hits their 64 blocks.
    func testWholePromptHitKeepsItsLastTokenToCompute() throws {
        let text = """
            {"timestamp": 0, "input_length": 1024, "output_length": 4, "hash_ids": [1, 2]}
            {"timestamp": 2000, "input_length": 1024, "output_length": 4, "hash_ids": [1, 2]}
            {"timestamp": 4000, "input_length": 1030, "output_length": 4, "hash_ids": [1, 2, 3]}
            """
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("repeat.jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, result) = try TestSupport.run("""
            model = "llama-3-8b"
            hardware = "a100-80gb"
            [scheduler]
            prefix_caching = true
            block_size = 16
            [workload]
            trace = "\(path)"
            """)
        XCTAssertEqual(result.summary.prefixHitRate!, (1008.0 + 1024) / (1024 + 1024 + 1030), accuracy: 1e-12)
    }

    static let pool = """
        name = "pool"
        seed = 3
        requests = 150
        model = "llama-3-8b"
        hardware = "a100-80gb"
        [scheduler]
        prefix_caching = true
        block_size = 16
        [workload]
        arrival = { kind = "poisson", rate = 2.0 }
        prompt_tokens = { kind = "lognormal", mean = 800, cv = 0.5, min = 32, max = 4000 }
        output_tokens = { kind = "lognormal", mean = 50, cv = 0.6, max = 400 }
        prompt_pool = { size = 50 }
        """

    /// A prompt pool repeats its entries in order, lengths and all: request i and i + 50 send
    /// the same prompt for the same answer; the first pass computes the prompts, the next two
    /// find their full blocks cached (hit rate just under 2/3, TTFT far lower); warm, even the
    /// first pass finds them cached. Without prefix caching nothing hits.
    func testPromptPoolRepeatsItsEntriesAndWarmStartsCached() throws {
        let (_, cold) = try TestSupport.run(Self.pool)
        let records = cold.records.sorted { $0.index < $1.index }
        XCTAssertEqual(records.count, 150)
        for i in 0..<100 {
            XCTAssertEqual(records[i].promptTokens, records[i + 50].promptTokens)
            XCTAssertEqual(records[i].outputTokens, records[i + 50].outputTokens)
        }
        XCTAssertGreaterThan(Set(records.prefix(50).map(\.promptTokens)).count, 30, "entries differ from one another")
        let promptTokens = Double(records.reduce(0) { $0 + $1.promptTokens })
        let repeatedFullBlocks = Double(records.suffix(100).reduce(0) { $0 + ($1.promptTokens - 1) / 16 * 16 })
        XCTAssertEqual(try XCTUnwrap(cold.summary.prefixHitRate), repeatedFullBlocks / promptTokens, accuracy: 1e-9)
        func medianTTFT(_ r: ArraySlice<RequestRecord>) -> Double { r.compactMap(\.ttft).sorted()[r.count / 2] }
        XCTAssertLessThan(medianTTFT(records.suffix(100)), 0.5 * medianTTFT(records.prefix(50)))
        let (_, warm) = try TestSupport.run(Self.pool, overrides: ["requests=50", "workload.prompt_pool.warm=true"])
        let warmRecords = warm.records.sorted { $0.index < $1.index }
        XCTAssertEqual(warmRecords.map(\.promptTokens), records.prefix(50).map(\.promptTokens))
        XCTAssertEqual(try XCTUnwrap(warm.summary.prefixHitRate),
                       Double(warmRecords.reduce(0) { $0 + ($1.promptTokens - 1) / 16 * 16 }) / Double(warmRecords.reduce(0) { $0 + $1.promptTokens }),
                       accuracy: 1e-9)
        XCTAssertLessThan(medianTTFT(warmRecords[...]), 0.5 * medianTTFT(records.prefix(50)))
        let (_, plain) = try TestSupport.run(Self.pool, overrides: ["scheduler.prefix_caching=false"])
        XCTAssertNil(plain.summary.prefixHitRate)
        XCTAssertEqual(plain.records.sorted { $0.index < $1.index }.map(\.promptTokens), records.map(\.promptTokens))
    }

    /// A prompt pool refuses what it cannot be combined with, naming the key and what is allowed.
    func testPromptPoolRefusesBadCombinations() throws {
        let cases: [([String], String)] = [
            (["workload.prompt_pool.size=0"], "workload.prompt_pool.size: must be in 1...10000000, got 0"),
            (["workload.prompt_pool.warm=true", "scheduler.prefix_caching=false"],
             "workload.prompt_pool.warm: a warm pool needs scheduler.prefix_caching = true"),
            (["workload.prefix={ groups = 2, tokens = 100, popularity = 1.0 }"],
             "workload.prompt_pool: a pooled prompt is its own prefix"),
        ]
        for (overrides, expected) in cases {
            let error = try XCTUnwrap(TestSupport.loadError(Self.pool, overrides: overrides), "\(overrides)")
            XCTAssertTrue(error.contains(expected), error)
        }
        let unknown = try XCTUnwrap(TestSupport.loadError(Self.pool, overrides: ["workload.prompt_pool.warmth=true"]))
        XCTAssertTrue(unknown.contains("workload.prompt_pool.warmth"), unknown)
    }
}
