import Foundation
import SimCore

/// Records a run as a timeline in the Chrome trace-event format, which Perfetto
/// (ui.perfetto.dev) and chrome://tracing open: per replica, each iteration as a span named
/// by its content (prefill tokens, decoding sequences), swap transfers, preemptions as instant
/// events, and counters for queue length, batch size and KV blocks in use. Given the cost
/// model of a tensor-parallel deployment (t > 1), each replica also gets a second track, "TP
/// all-reduce (t GPUs)", with one span per iteration from its start: the time of the
/// iteration's 2·n all-reduces (``IterationCostModel/allReduceSeconds(_:)``), which run
/// interleaved with the layers on the critical path and are drawn here as their sum.
///
/// With pipeline parallelism (p > 1) the iteration tracks are those of the virtual engines
/// ("replica r · engine k", a micro-batch's whole way through the pipeline), and each replica
/// gets a process "replica r · pipeline stages" with one track per stage (its GPUs), where
/// each micro-batch is a span on each stage in turn: the gaps are the pipeline's bubble.
///
/// Per GPU: each replica gets a process "replica r · GPUs" (pid ``gpuProcessBase`` + r) with one
/// track per GPU of its t·p (GPU k is tensor rank k mod t of stage k / t). On each, every
/// iteration (or micro-batch, on its stage's GPUs) is a span of that GPU's share — 1/(t·p) of
/// the FLOPs, HBM bytes and communication bytes — and with t > 1 each of the stage's 2·n/p
/// all-reduces is a span inside it, after its slice of compute (attention, then MLP, per
/// layer), the compute split evenly between them. Past ``collectiveSpanIterations`` iterations
/// the all-reduces of an iteration are drawn as one span per GPU, to keep the file bounded.
///
/// The format: a JSON object with `traceEvents`, each event with `name`, `ph` (X complete, C
/// counter, i instant, M metadata), `ts` and `dur` in microseconds, `pid`, `tid`, `args`
/// (Trace Event Format, Google, 2016). Recording stops after `limit` iterations so that a
/// long run gives a file a viewer can open.
public final class TimelineRecorder: ServingObserver {
    public let limit: Int
    /// The cost model whose all-reduce time the communication track shows; nil: no track.
    public let costModel: IterationCostModel?
    private var events: [JSONValue] = []
    private var iterations = 0
    private var knownReplicas = Set<Int>()
    private var replicasWithCommunication = Set<Int>()
    private var lastPreemptions: [Int: Int] = [:]
    private var replicasWithStages = Set<Int>()

    private var replicasWithGPUs = Set<Int>()
    /// Iterations whose all-reduces are drawn one by one on the GPU tracks.
    public let collectiveSpanIterations: Int

    public init(limit: Int = 200_000, costModel: IterationCostModel? = nil, collectiveSpanIterations: Int = 1_000) {
        self.limit = limit
        self.costModel = costModel
        self.collectiveSpanIterations = collectiveSpanIterations
    }

    /// The process of replica r's GPUs is `gpuProcessBase + r` (its tracks are the GPUs 0, 1, …).
    public static let gpuProcessBase = 200_000

    /// The track of tensor-parallel all-reduces of a replica.
    public static let communicationThread = 1

    /// The process of replica r's pipeline stages is `stagesProcessBase + r` (its tracks are
    /// the stages 0, 1, …).
    public static let stagesProcessBase = 100_000

    /// Iterations recorded (at most `limit`).
    public var recordedIterations: Int { min(iterations, limit) }

    public func iterationStarted(_ it: IterationRecord) {
        iterations += 1
        guard iterations <= limit else { return }
        if knownReplicas.insert(it.replica).inserted {
            let process = it.pipeline.map { "replica \($0.replica) · engine \(it.replica % $0.stageStarts.count)" }
                ?? "replica \(it.replica)"
            events.append(.object([("name", .string("process_name")), ("ph", .string("M")), ("pid", .int(it.replica)),
                                   ("tid", .int(0)), ("args", .object([("name", .string(process))]))]))
            events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(it.replica)),
                                   ("tid", .int(0)), ("args", .object([("name", .string("iterations"))]))]))
        }
        let ts = Double(it.start.nanoseconds) / 1000
        let shape = it.shape
        var name: [String] = []
        if shape.prefillTokens > 0 { name.append("prefill \(shape.prefillTokens)") }
        if shape.decodeSequences > 0 { name.append("decode \(shape.decodeSequences)") }
        events.append(.object([
            ("name", .string(name.joined(separator: " + "))), ("ph", .string("X")), ("ts", .number(ts)),
            ("dur", .number(Double(it.duration.nanoseconds) / 1000)), ("pid", .int(it.replica)), ("tid", .int(0)),
            ("args", .object([
                ("prefill_tokens", .int(shape.prefillTokens)), ("prefill_sequences", .int(shape.prefillSequences)),
                ("decode_sequences", .int(shape.decodeSequences)), ("decode_context_tokens", .int(shape.decodeContextTokens)),
                ("flops", .number(it.cost.flops)), ("hbm_bytes", .number(it.cost.bytes)),
                ("comm_bytes", .number(it.cost.commBytes)), ("swap_seconds", .number(it.transferSeconds)),
            ])),
        ]))
        if let passage = it.pipeline {
            recordStages(passage, name: name.joined(separator: " + "), of: it)
        }
        if let seconds = costModel?.allReduceSeconds(shape), seconds > 0 {
            recordAllReduce(seconds: seconds, at: ts, of: it)
        }
        if costModel?.roofline != nil { recordGPUShares(of: it, name: name.joined(separator: " + ")) }
        for (counter, value) in [("queue length", Double(it.waiting)), ("batch size", Double(shape.sequences)),
                                 ("KV blocks in use", Double(it.kvBlocksUsed))] {
            events.append(.object([("name", .string(counter)), ("ph", .string("C")), ("ts", .number(ts)),
                                   ("pid", .int(it.replica)), ("tid", .int(0)), ("args", .object([("value", .number(value))]))]))
        }
        let before = lastPreemptions[it.replica] ?? 0
        if it.preemptions > before {
            events.append(.object([("name", .string("preempted \(it.preemptions - before)")), ("ph", .string("i")),
                                   ("ts", .number(ts)), ("pid", .int(it.replica)), ("tid", .int(0)), ("s", .string("p"))]))
        }
        lastPreemptions[it.replica] = it.preemptions
    }

    /// The all-reduce span of iteration `it` on its replica's communication track.
    private func recordAllReduce(seconds: Double, at ts: Double, of it: IterationRecord) {
        let tid = Self.communicationThread
        if replicasWithCommunication.insert(it.replica).inserted {
            events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(it.replica)),
                                   ("tid", .int(tid)), ("args", .object([("name", .string("TP all-reduce (\(costModel?.tensorParallelDegree ?? 1) GPUs)"))]))]))
        }
        events.append(.object([
            ("name", .string("all-reduce")), ("ph", .string("X")), ("ts", .number(ts)),
            ("dur", .number(seconds * 1e6)), ("pid", .int(it.replica)), ("tid", .int(tid)),
            ("args", .object([("seconds", .number(seconds)), ("tokens", .int(it.shape.totalTokens)),
                              ("comm_bytes", .number(it.cost.commBytes))])),
        ]))
    }

    /// Each GPU's share of iteration `it` (on its stage's GPUs), with its all-reduces inside.
    private func recordGPUShares(of it: IterationRecord, name: String) {
        guard let model = costModel?.roofline else { return }
        let t = model.parallelism.tensor, p = model.parallelism.pipeline
        let replica = it.pipeline?.replica ?? it.replica
        let pid = Self.gpuProcessBase + replica
        if replicasWithGPUs.insert(replica).inserted {
            events.append(.object([("name", .string("process_name")), ("ph", .string("M")), ("pid", .int(pid)),
                                   ("tid", .int(0)), ("args", .object([("name", .string("replica \(replica) · GPUs"))]))]))
            for gpu in 0..<(t * p) {
                let label = "GPU \(gpu)" + (p > 1 ? " (stage \(gpu / t), tp rank \(gpu % t))" : t > 1 ? " (tp rank \(gpu))" : "")
                events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(pid)),
                                       ("tid", .int(gpu)), ("args", .object([("name", .string(label))]))]))
            }
        }
        // (start µs, duration µs) of the iteration on each stage.
        let stages: [(Double, Double)] = it.pipeline.map { passage in
            passage.stageStarts.map { (Double($0.nanoseconds) / 1000, Double(passage.stageDuration.nanoseconds) / 1000) }
        } ?? [(Double(it.start.nanoseconds) / 1000, Double(it.duration.nanoseconds) / 1000 - it.transferSeconds * 1e6)]
        let share = Double(t * p)
        let allReduceMicros = model.allReduceSeconds(it.shape) * 1e6 / Double(p)
        let collectives = 2 * model.model.layers / p
        let oneByOne = iterations <= collectiveSpanIterations
        for (stage, (start, duration)) in stages.enumerated() {
            let computeSlice = collectives > 0 ? max(0, duration - allReduceMicros) / Double(collectives) : 0
            for rank in 0..<t {
                let tid = stage * t + rank
                events.append(.object([
                    ("name", .string(name)), ("ph", .string("X")), ("ts", .number(start)), ("dur", .number(duration)),
                    ("pid", .int(pid)), ("tid", .int(tid)),
                    ("args", .object([("flops", .number(it.cost.flops / share)), ("hbm_bytes", .number(it.cost.bytes / share)),
                                      ("comm_bytes", .number(it.cost.commBytes / share))])),
                ]))
                guard allReduceMicros > 0 else { continue }
                if oneByOne {
                    let each = allReduceMicros / Double(collectives)
                    for k in 0..<collectives {
                        events.append(.object([
                            ("name", .string(k % 2 == 0 ? "all-reduce (attention)" : "all-reduce (MLP)")), ("ph", .string("X")),
                            ("ts", .number(start + Double(k + 1) * computeSlice + Double(k) * each)), ("dur", .number(each)),
                            ("pid", .int(pid)), ("tid", .int(tid)),
                            ("args", .object([("layer", .int(stage * collectives / 2 + k / 2))])),
                        ]))
                    }
                } else {
                    events.append(.object([
                        ("name", .string("all-reduce ×\(collectives)")), ("ph", .string("X")),
                        ("ts", .number(start + duration - allReduceMicros)), ("dur", .number(allReduceMicros)),
                        ("pid", .int(pid)), ("tid", .int(tid)),
                    ]))
                }
            }
        }
    }

    /// The micro-batch of `it` on each pipeline stage of its replica.
    private func recordStages(_ passage: PipelinePassage, name: String, of it: IterationRecord) {
        let pid = Self.stagesProcessBase + passage.replica
        let stages = passage.stageStarts.count
        if replicasWithStages.insert(passage.replica).inserted {
            events.append(.object([("name", .string("process_name")), ("ph", .string("M")), ("pid", .int(pid)),
                                   ("tid", .int(0)), ("args", .object([("name", .string("replica \(passage.replica) · pipeline stages"))]))]))
            let t = costModel?.tensorParallelDegree ?? 1
            for stage in 0..<stages {
                let gpus = t == 1 ? "GPU \(stage)" : "GPUs \(stage * t)–\(stage * t + t - 1)"
                events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(pid)),
                                       ("tid", .int(stage)), ("args", .object([("name", .string("stage \(stage) (\(gpus))"))]))]))
            }
        }
        let engine = it.replica % stages
        for (stage, start) in passage.stageStarts.enumerated() {
            events.append(.object([
                ("name", .string("engine \(engine): \(name)")), ("ph", .string("X")),
                ("ts", .number(Double(start.nanoseconds) / 1000)),
                ("dur", .number(Double(passage.stageDuration.nanoseconds) / 1000)), ("pid", .int(pid)), ("tid", .int(stage)),
                ("args", .object([("engine", .int(engine)), ("tokens", .int(it.shape.totalTokens))])),
            ]))
        }
    }

    /// The timeline as trace-event JSON.
    public func json() -> String {
        JSONValue.object([
            ("traceEvents", .array(events)),
            ("displayTimeUnit", .string("ms")),
            ("otherData", .object([("iterations_recorded", .int(recordedIterations)), ("iterations_total", .int(iterations))])),
        ]).serialized()
    }

    public func write(to path: String) throws {
        try OutputFile.write(json(), to: path)
    }
}
