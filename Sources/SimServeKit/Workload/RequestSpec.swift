import SimCore

/// One request as the workload produces it: when it arrives and how much work it asks for.
public struct RequestSpec: Equatable, Sendable {
    /// Position in arrival order, from 0; also the request's id in outputs unless the trace
    /// gave one.
    public var index: Int
    public var arrival: SimTime
    public var promptTokens: Int
    /// Tokens to generate (the request ends when it has produced this many).
    public var outputTokens: Int
    /// Service demand for the degenerate service-time cost model (queueing-theory checks);
    /// zero otherwise.
    public var serviceDemandSeconds: Double
    /// The id given by a replayed trace, if any.
    public var externalID: String?
    /// Index of the request's class in the workload's classes (0 when there is one).
    public var classIndex: Int
    /// The prompt prefix it shares with other requests, if any.
    public var prefix: PrefixKey
    /// The closed-loop client that sent it (it sends its next request a think time after this
    /// one ends); nil for open arrivals.
    public var user: Int?
    /// Index of the tenant that sent it in the workload's tenants (0 when there are none).
    public var tenant: Int

    public init(index: Int, arrival: SimTime, promptTokens: Int, outputTokens: Int,
                serviceDemandSeconds: Double = 0, externalID: String? = nil, classIndex: Int = 0,
                prefix: PrefixKey = .none, user: Int? = nil, tenant: Int = 0) {
        self.tenant = tenant
        self.user = user
        self.index = index
        self.arrival = arrival
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.serviceDemandSeconds = serviceDemandSeconds
        self.externalID = externalID
        self.classIndex = classIndex
        self.prefix = prefix
    }
}
