import SimCore

/// Multi-turn conversations over shared system prompts, as load generators build them
/// (inference-perf's `shared_prefix`, vLLM's multi-turn benchmark): `groups` system prompts of
/// `systemPromptTokens` tokens, `usersPerGroup` users on each. A user's turn i sends the system
/// prompt, the conversation so far (its earlier questions and answers) and a new question, and
/// asks for exactly `outputTokens` tokens (ignore_eos). After `turns` turns the user starts a
/// new conversation on the same system prompt.
///
/// Each arrival of the workload's arrival process takes the next turn of the next user in
/// round-robin order (user 0 of group 0, user 1 of group 0, …, then user 0 again): every
/// conversation advances at the same pace, one turn per `groups × usersPerGroup` arrivals — the
/// reuse distance a load generator cycling over its users produces — and the order draws
/// nothing at random, so it stays the same whatever the seed.
public struct SharedPrefixConversations: Equatable, Sendable {
    public var groups: Int
    public var usersPerGroup: Int
    public var systemPromptTokens: Int
    public var questionTokens: LengthDistribution
    public var outputTokens: Int
    public var turns: Int

    public init(groups: Int, usersPerGroup: Int, systemPromptTokens: Int, questionTokens: LengthDistribution,
                outputTokens: Int, turns: Int) {
        self.groups = groups
        self.usersPerGroup = usersPerGroup
        self.systemPromptTokens = systemPromptTokens
        self.questionTokens = questionTokens
        self.outputTokens = outputTokens
        self.turns = turns
    }

    /// Users in all, over every group.
    public var users: Int { groups * usersPerGroup }
}

/// Where each user of a `SharedPrefixConversations` workload is in its conversation; draws
/// question lengths from stream `workload.question_tokens`.
struct ConversationTurns {
    let spec: SharedPrefixConversations
    private let questions: RandomStream
    private let questionLengths: LengthSampler
    /// The next user to send a turn.
    private var nextUser = 0
    /// Per user: turns sent in its current conversation, tokens of that conversation after the
    /// system prompt, and how many conversations it has finished.
    private var turnsSent: [Int]
    private var historyTokens: [Int]
    private var finishedConversations: [Int]

    init(_ spec: SharedPrefixConversations, questions: RandomStream) {
        self.spec = spec
        self.questions = questions
        self.questionLengths = LengthSampler(spec.questionTokens)
        turnsSent = Array(repeating: 0, count: spec.users)
        historyTokens = Array(repeating: 0, count: spec.users)
        finishedConversations = Array(repeating: 0, count: spec.users)
    }

    /// The next turn: its prompt and output lengths and its prefix (the user's group's system
    /// prompt, then its conversation).
    mutating func next() -> (prompt: Int, output: Int, prefix: PrefixKey) {
        let user = nextUser
        nextUser = (nextUser + 1) % spec.users
        if turnsSent[user] == spec.turns {
            turnsSent[user] = 0
            historyTokens[user] = 0
            finishedConversations[user] += 1
        }
        let question = questionLengths.draw(from: questions)
        let prompt = spec.systemPromptTokens + historyTokens[user] + question
        historyTokens[user] += question + spec.outputTokens
        turnsSent[user] += 1
        // Sessions are numbered across users and conversations, so none repeats.
        let session = finishedConversations[user] * spec.users + user
        return (prompt, spec.outputTokens,
                .conversation(group: user / spec.usersPerGroup, systemTokens: spec.systemPromptTokens, session: session))
    }
}
