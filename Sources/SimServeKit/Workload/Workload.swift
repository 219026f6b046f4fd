import SimCore

/// Where a scenario's requests come from.
public enum Workload: Equatable, Sendable {
    /// Requests drawn from distributions.
    case synthetic(SyntheticWorkload)
    /// An exact request list replayed from a trace.
    case trace(path: String, rows: [TraceReader.Row])
}

/// Requests drawn from an arrival process and length distributions, until a count or a
/// duration is reached.
public struct SyntheticWorkload: Equatable, Sendable {
    public var arrival: ArrivalProcess
    public var promptTokens: LengthDistribution
    public var outputTokens: LengthDistribution
    public var limit: Limit
    /// Per-request service demand, drawn only for the service-time cost model.
    public var serviceTime: ServiceTimeDistribution?

    public enum Limit: Equatable, Sendable {
        case requests(Int)
        case durationSeconds(Double)
    }

    public init(arrival: ArrivalProcess, promptTokens: LengthDistribution, outputTokens: LengthDistribution,
                limit: Limit, serviceTime: ServiceTimeDistribution? = nil) {
        self.arrival = arrival
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.limit = limit
        self.serviceTime = serviceTime
    }
}

/// Produces a workload's requests one at a time, in arrival order, so that memory does not
/// grow with the length of the run.
///
/// Streams: `workload.arrivals`, `workload.arrival_states`, `workload.prompt_tokens`,
/// `workload.output_tokens`, `workload.service_time`, each seeded on its own (see `RandomStreams`).
public struct RequestGenerator {
    private let workload: Workload
    private var clock: ArrivalClock?
    private let prompts: RandomStream
    private let outputs: RandomStream
    private let services: RandomStream
    private var produced = 0
    private let promptLengths: LengthSampler?
    private let outputLengths: LengthSampler?

    public init(workload: Workload, streams: RandomStreams) {
        self.workload = workload
        if case .synthetic(let synthetic) = workload {
            self.clock = ArrivalClock(process: synthetic.arrival, gaps: streams.stream("workload.arrivals"),
                                      states: streams.stream("workload.arrival_states"))
            self.promptLengths = LengthSampler(synthetic.promptTokens)
            self.outputLengths = LengthSampler(synthetic.outputTokens)
        } else {
            self.promptLengths = nil
            self.outputLengths = nil
        }
        self.prompts = streams.stream("workload.prompt_tokens")
        self.outputs = streams.stream("workload.output_tokens")
        self.services = streams.stream("workload.service_time")
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
                               externalID: row.requestID)
        case .synthetic(let synthetic):
            let clockSeconds = clock!.next()
            switch synthetic.limit {
            case .requests(let count): if produced >= count { return nil }
            case .durationSeconds(let seconds): if clockSeconds >= seconds { return nil }
            }
            defer { produced += 1 }
            return RequestSpec(
                index: produced, arrival: SimTime(seconds: clockSeconds),
                promptTokens: promptLengths!.draw(from: prompts),
                outputTokens: outputLengths!.draw(from: outputs),
                serviceDemandSeconds: synthetic.serviceTime?.draw(from: services) ?? 0)
        }
    }
}
