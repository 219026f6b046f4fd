import SimCore

/// One request as the workload produces it: when it arrives and how much work it asks for.
///
/// Its fields are plain numbers, so that the simulator copies and reads it as raw memory; the
/// rare parts that are not — a trace's request id and a shared prefix — sit in a box of their
/// own, absent (nil: nothing to count or copy) for requests that have neither.
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
    /// Index of the request's class in the workload's classes (0 when there is one).
    public var classIndex: Int
    /// The closed-loop client that sent it (it sends its next request a think time after this
    /// one ends); nil for open arrivals.
    public var user: Int?
    /// Index of the tenant that sent it in the workload's tenants (0 when there are none).
    public var tenant: Int
    /// The trace's id and the shared prefix, when either is given.
    private var extras: Extras?

    /// The id given by a replayed trace, if any.
    public var externalID: String? {
        get { extras?.externalID }
        set { extras = Extras.make(externalID: newValue, prefix: prefix) }
    }

    /// The prompt prefix it shares with other requests, if any.
    public var prefix: PrefixKey {
        get { extras?.prefix ?? .none }
        set { extras = Extras.make(externalID: externalID, prefix: newValue) }
    }

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
        self.classIndex = classIndex
        self.extras = Extras.make(externalID: externalID, prefix: prefix)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.index == b.index && a.arrival == b.arrival && a.promptTokens == b.promptTokens
            && a.outputTokens == b.outputTokens && a.serviceDemandSeconds == b.serviceDemandSeconds
            && a.classIndex == b.classIndex && a.user == b.user && a.tenant == b.tenant
            && a.externalID == b.externalID && a.prefix == b.prefix
    }

    /// A request's fields that are not plain numbers, immutable (a change makes a new box).
    private final class Extras: Sendable {
        let externalID: String?
        let prefix: PrefixKey

        private init(externalID: String?, prefix: PrefixKey) {
            self.externalID = externalID
            self.prefix = prefix
        }

        /// Nil when there is nothing to hold.
        static func make(externalID: String?, prefix: PrefixKey) -> Extras? {
            if externalID == nil, case .none = prefix { return nil }
            return Extras(externalID: externalID, prefix: prefix)
        }
    }
}
