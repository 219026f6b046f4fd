import SimCore

/// Where a scenario's requests come from.
public enum Workload: Equatable, Sendable {
    /// Requests drawn from distributions.
    case synthetic(SyntheticWorkload)
    /// An exact request list replayed from a trace.
    case trace(path: String, rows: [TraceReader.Row])
}

/// Requests drawn from an arrival process and, per request class, length distributions, until
/// a count or a duration is reached.
public struct SyntheticWorkload: Equatable, Sendable {
    public var arrival: ArrivalProcess
    /// At least one; a workload without classes has one named "default".
    public var classes: [RequestClass]
    public var limit: Limit
    /// Per-request service demand, drawn only for the service-time cost model.
    public var serviceTime: ServiceTimeDistribution?
    /// Closed-loop clients in place of `arrival`: each sends a request, waits for its last
    /// token, thinks, and sends the next.
    public var closedLoop: ClosedLoop?
    /// The tenants requests come from, each with a rate limit; empty: no tenants, no limits.
    public var tenants: [Tenant]
    /// Load stages run one after the other, each setting the arrival process's rate for its
    /// duration (the workload ends with the last); empty: one rate throughout.
    public var stages: [LoadStage]
    /// Multi-turn conversations over shared system prompts, in place of the class's lengths
    /// and prefix; nil: none.
    public var conversations: SharedPrefixConversations?
    /// A finite list of requests the workload repeats in order, in place of drawing each
    /// request's lengths anew; nil: every request drawn afresh.
    public var promptPool: PromptPool?

    public enum Limit: Equatable, Sendable {
        case requests(Int)
        case durationSeconds(Double)
    }

    public init(arrival: ArrivalProcess, classes: [RequestClass], limit: Limit,
                serviceTime: ServiceTimeDistribution? = nil, closedLoop: ClosedLoop? = nil, tenants: [Tenant] = [],
                stages: [LoadStage] = [], conversations: SharedPrefixConversations? = nil, promptPool: PromptPool? = nil) {
        precondition(promptPool == nil || conversations == nil && classes.allSatisfy { $0.sharedPrefix == nil },
                     "a prompt pool gives each request its own prefix: no shared prefixes or conversations beside it")
        self.promptPool = promptPool
        self.stages = stages
        self.conversations = conversations
        self.closedLoop = closedLoop
        self.tenants = tenants
        precondition(!classes.isEmpty, "a workload needs at least one request class")
        self.arrival = arrival
        self.classes = classes
        self.limit = limit
        self.serviceTime = serviceTime
    }

    /// A workload of one class.
    public init(arrival: ArrivalProcess, promptTokens: LengthDistribution, outputTokens: LengthDistribution,
                limit: Limit, serviceTime: ServiceTimeDistribution? = nil) {
        self.init(arrival: arrival,
                  classes: [RequestClass(name: RequestClass.defaultName, promptTokens: promptTokens, outputTokens: outputTokens)],
                  limit: limit, serviceTime: serviceTime)
    }
}

/// A fixed population of clients that each send one request at a time.
public struct ClosedLoop: Equatable, Sendable {
    public var users: Int
    /// Time between a request's last token and the client's next request (also each client's
    /// offset before its first request).
    public var thinkTime: ServiceTimeDistribution

    public init(users: Int, thinkTime: ServiceTimeDistribution) {
        self.users = users
        self.thinkTime = thinkTime
    }
}

/// Produces a workload's requests one at a time, in arrival order, so that memory does not
/// grow with the length of the run.
///
/// Streams: `workload.arrivals`, `workload.arrival_states`, `workload.class` (which class
/// each request is; drawn only when there are several), lengths per class
/// (`workload.prompt_tokens` and `workload.output_tokens` for a single class,
/// `workload.<class>.prompt_tokens` and `…output_tokens` otherwise), `workload.service_time`,
/// `workload.think_time` (closed loop), `workload.tenant` (which tenant sent it; drawn only
/// when there are several), `workload.question_tokens` (shared-prefix conversations);
/// each seeded on its own (see `RandomStreams`), so adding a class leaves the others' lengths
/// unchanged.
public struct RequestGenerator {
    private let workload: Workload
    private var clock: ArrivalClock?
    private let services: RandomStream
    private let classChoice: RandomStream
    private let thinkTimes: RandomStream
    private let tenantChoice: RandomStream
    /// The tenant draw (no tenants: always 0).
    private let tenantShares: ShareChoice
    private var produced = 0
    private let classes: [ClassSampler]
    /// The class draw (one class: always 0).
    private let classShares: ShareChoice
    /// Multi-turn conversations, when the workload has them.
    private var conversations: ConversationTurns?
    /// The prompt pool's entries (class, prompt and output lengths), drawn at the start; empty
    /// without a pool.
    private var pool: [(classIndex: Int, prompt: Int, output: Int)] = []
    /// Whether the pool's prompts are cached when the run starts.
    private var poolIsWarm = false

    /// Draws one class's lengths from its own streams. A class, so that a draw (one per
    /// request) borrows it instead of copying its fields.
    private final class ClassSampler {
        let spec: RequestClass
        let index: Int
        let prompts: RandomStream
        let outputs: RandomStream
        let prefixes: RandomStream
        let promptLengths: LengthSampler
        let outputLengths: LengthSampler
        let prefixGroups: LengthSampler?

        init(spec: RequestClass, index: Int, prompts: RandomStream, outputs: RandomStream, prefixes: RandomStream,
             promptLengths: LengthSampler, outputLengths: LengthSampler, prefixGroups: LengthSampler?) {
            self.spec = spec
            self.index = index
            self.prompts = prompts
            self.outputs = outputs
            self.prefixes = prefixes
            self.promptLengths = promptLengths
            self.outputLengths = outputLengths
            self.prefixGroups = prefixGroups
        }

        func draw() -> (prompt: Int, output: Int, prefix: PrefixKey) {
            var prompt = promptLengths.draw(from: prompts)
            let output = outputLengths.draw(from: outputs)
            var prefix = PrefixKey.none
            if let shared = spec.sharedPrefix, let prefixGroups {
                // Group ids are unique across classes: the class index in the high bits.
                prefix = .group(index << 20 | prefixGroups.draw(from: prefixes), tokens: shared.tokens)
                prompt += shared.tokens
            }
            return (prompt, spec.maxNewTokens.map { min(output, $0) } ?? output, prefix)
        }
    }

    public init(workload: Workload, streams: RandomStreams) {
        self.workload = workload
        self.services = streams.stream("workload.service_time")
        self.classChoice = streams.stream("workload.class")
        self.thinkTimes = streams.stream("workload.think_time")
        self.tenantChoice = streams.stream("workload.tenant")
        guard case .synthetic(let synthetic) = workload else {
            self.classes = []
            self.classShares = ShareChoice(shares: [])
            self.tenantShares = ShareChoice(shares: [])
            return
        }
        self.tenantShares = ShareChoice(shares: synthetic.tenants.map(\.share))
        self.conversations = synthetic.conversations.map { ConversationTurns($0, questions: streams.stream("workload.question_tokens")) }
        self.clock = ArrivalClock(process: synthetic.arrival, stages: synthetic.stages, gaps: streams.stream("workload.arrivals"),
                                  states: streams.stream("workload.arrival_states"))
        let single = synthetic.classes.count == 1
        self.classes = synthetic.classes.enumerated().map { i, c in
            let prefix = single ? "workload" : "workload.\(c.name)"
            return ClassSampler(spec: c, index: i, prompts: streams.stream("\(prefix).prompt_tokens"),
                                outputs: streams.stream("\(prefix).output_tokens"),
                                prefixes: streams.stream("\(prefix).prefix_group"),
                                promptLengths: LengthSampler(c.promptTokens), outputLengths: LengthSampler(c.outputTokens),
                                prefixGroups: c.sharedPrefix.map { LengthSampler($0.groupDistribution) })
        }
        self.classShares = ShareChoice(shares: synthetic.classes.map(\.share))
        if let promptPool = synthetic.promptPool {
            pool.reserveCapacity(promptPool.size)
            for _ in 0..<promptPool.size {
                let (classIndex, prompt, output, _) = drawRequestShape()
                pool.append((classIndex, prompt, output))
            }
            poolIsWarm = promptPool.warm
        }
    }

    /// The prompts a warm prompt pool leaves cached when the run starts, oldest first (each
    /// entry's prefix and prompt length); empty without a warm pool.
    public var warmPrompts: [(prefix: PrefixKey, promptTokens: Int)] {
        poolIsWarm ? pool.enumerated().map { (.pooled(entry: $0.offset), $0.element.prompt) } : []
    }

    /// The next request's class, lengths and prefix: the prompt pool's next entry when there is
    /// one, else a fresh draw.
    private mutating func nextRequestShape() -> (classIndex: Int, prompt: Int, output: Int, prefix: PrefixKey) {
        guard !pool.isEmpty else { return drawRequestShape() }
        let entry = produced % pool.count
        return (pool[entry].classIndex, pool[entry].prompt, pool[entry].output, .pooled(entry: entry))
    }

    /// A request's class (drawn by share when there are several) and its class's lengths and
    /// prefix, or a conversation's next turn.
    private mutating func drawRequestShape() -> (classIndex: Int, prompt: Int, output: Int, prefix: PrefixKey) {
        if conversations != nil {
            let (prompt, output, prefix) = conversations!.next()
            return (0, prompt, output, prefix)
        }
        let classIndex = classShares.draw(from: classChoice)
        let (prompt, output, prefix) = classes[classIndex].draw()
        return (classIndex, prompt, output, prefix)
    }

    /// The tenant of the next request, drawn by share when there are several.
    private func drawTenant() -> Int {
        tenantShares.draw(from: tenantChoice)
    }

    /// A closed-loop client's think time, seconds (stream `workload.think_time`).
    public func thinkTimeSeconds() -> Double {
        guard case .synthetic(let synthetic) = workload, let loop = synthetic.closedLoop else { return 0 }
        return loop.thinkTime.draw(from: thinkTimes)
    }

    /// The request client `user` sends at `time`, or nil when the workload's count or
    /// duration is reached (closed-loop workloads).
    public mutating func nextRequest(from user: Int, at time: SimTime) -> RequestSpec? {
        guard case .synthetic(let synthetic) = workload else { return nil }
        switch synthetic.limit {
        case .requests(let count): if produced >= count { return nil }
        case .durationSeconds(let seconds): if time.seconds >= seconds { return nil }
        }
        defer { produced += 1 }
        let (classIndex, prompt, output, prefix) = nextRequestShape()
        return RequestSpec(index: produced, arrival: time, promptTokens: prompt, outputTokens: output,
                           serviceDemandSeconds: synthetic.serviceTime?.draw(from: services) ?? 0,
                           classIndex: classIndex, prefix: prefix, user: user, tenant: drawTenant())
    }

    /// The next request, or nil when the workload is exhausted.
    public mutating func next() -> RequestSpec? {
        switch workload {
        case .trace(_, let rows):
            guard produced < rows.count else { return nil }
            let row = rows[produced]
            defer { produced += 1 }
            return RequestSpec(index: produced, arrival: SimTime(seconds: row.arrivalSeconds),
                               promptTokens: row.promptTokens, outputTokens: row.outputTokens,
                               externalID: row.requestID, prefix: row.prefix)
        case .synthetic(let synthetic):
            let clockSeconds = clock!.next()
            // An arrival past what simulated time holds (an ended process, a gap beyond 292
            // years) ends the workload.
            guard clockSeconds < SimTime.max.seconds else { return nil }
            switch synthetic.limit {
            case .requests(let count): if produced >= count { return nil }
            case .durationSeconds(let seconds): if clockSeconds >= seconds { return nil }
            }
            defer { produced += 1 }
            let (classIndex, prompt, output, prefix) = nextRequestShape()
            return RequestSpec(
                index: produced, arrival: SimTime(seconds: clockSeconds), promptTokens: prompt, outputTokens: output,
                serviceDemandSeconds: synthetic.serviceTime?.draw(from: services) ?? 0, classIndex: classIndex,
                prefix: prefix, tenant: drawTenant())
        }
    }
}
