import SimCore

/// A kind of request with its own share of the traffic, lengths, output cap, priority and
/// SLOs (interactive chat, batch summarisation, offline jobs, or any user-named class).
public struct RequestClass: Equatable, Sendable {
    public var name: String
    /// Fraction of arrivals of this class (the shares of a workload sum to 1).
    public var share: Double
    /// Lower is more urgent (used by the priority queue policy).
    public var priority: Int
    public var promptTokens: LengthDistribution
    public var outputTokens: LengthDistribution
    /// Output tokens are capped here (the request's `max_new_tokens`); nil: no cap.
    public var maxNewTokens: Int?
    public var slo: ServiceLevelObjectives
    /// A prompt prefix shared within groups of this class's requests (a system prompt, a
    /// document, a conversation), prepended to the drawn prompt; nil: none.
    public var sharedPrefix: SharedPrefix?

    public init(name: String, share: Double = 1, priority: Int = 0, promptTokens: LengthDistribution,
                outputTokens: LengthDistribution, maxNewTokens: Int? = nil,
                slo: ServiceLevelObjectives = ServiceLevelObjectives(), sharedPrefix: SharedPrefix? = nil) {
        self.sharedPrefix = sharedPrefix
        self.name = name
        self.share = share
        self.priority = priority
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.maxNewTokens = maxNewTokens
        self.slo = slo
    }

    /// The name of the class of a workload that names none.
    public static let defaultName = "default"
}

/// What the serving side knows of a request class: its name, priority, SLOs, and its own
/// batching window and concurrency cap if it has them.
public struct ClassPolicy: Equatable, Sendable {
    public var name: String
    public var priority: Int
    public var slo: ServiceLevelObjectives
    /// How long its requests may wait for a batch to form, in place of the scheduler's
    /// window; nil: the scheduler's.
    public var batchingWindow: SimDuration?
    /// An adaptive window's lower bound (`batchingWindow` is then its upper bound): the window
    /// shrinks toward it as the queue fills (``AdaptiveWindows``); nil: a fixed window.
    public var batchingWindowMin: SimDuration?
    /// Most requests of the class running at once on a replica (the others wait); nil: no cap.
    public var maxRunning: Int?
    /// Its requests' output cap, if any (what an Orca-style scheduler reserves KV for).
    public var maxNewTokens: Int?

    public init(name: String, priority: Int, slo: ServiceLevelObjectives, batchingWindow: SimDuration? = nil,
                maxRunning: Int? = nil, maxNewTokens: Int? = nil) {
        self.maxNewTokens = maxNewTokens
        self.name = name
        self.priority = priority
        self.slo = slo
        self.batchingWindow = batchingWindow
        self.maxRunning = maxRunning
    }
}

/// A prefix of `tokens` tokens shared by the requests of one of `groups` groups; a request's
/// group is drawn with Zipf popularity of exponent `popularity` (0: uniform).
public struct SharedPrefix: Equatable, Sendable {
    public var groups: Int
    public var tokens: Int
    public var popularity: Double

    public init(groups: Int, tokens: Int, popularity: Double = 0) {
        self.groups = groups
        self.tokens = tokens
        self.popularity = popularity
    }

    /// The group distribution (P(g) ∝ (g + 1)^−popularity).
    var groupDistribution: LengthDistribution {
        .empirical(values: Array(0..<groups), weights: (0..<groups).map { pow(Double($0 + 1), -popularity) })
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
