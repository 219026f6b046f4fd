import DequeModule
import HeapModule
import SimCore

/// The requests waiting on one replica, in the order its `QueuePolicy` admits them.
///
/// Preempted requests come back at the front, ahead of everything. Under FCFS the queue is a
/// plain deque. Under priority or shortest-remaining it is a heap keyed by the policy, beside
/// a deque in arrival order used by aging (the oldest request goes first once it has waited
/// the aging time); an entry taken from one is skipped lazily in the other.
///
/// Two per-class features cost nothing unless configured (`WaitingQueue+Classes.swift`):
/// batching windows of their own (each class's arrivals in a deque of their own, to find the
/// earliest window end) and concurrency caps (a request whose class is at its cap is parked
/// until one of its class leaves the running set).
struct WaitingQueue {
    let policy: QueuePolicy
    private let agingNanoseconds: Int64?
    var front = Deque<Int>()
    private var inArrivalOrder = Deque<Entry>()
    private var byPolicy = Heap<Keyed>()
    /// Tickets of entries still waiting (priority and shortest-remaining only).
    private var waitingTickets = Set<Int>()
    private var nextTicket = 0
    var count = 0
    /// Per class, its arrivals in order (only when classes have windows of their own).
    var arrivalsByClass: [Deque<Entry>]
    /// Per class, requests parked at its concurrency cap, oldest first (only with caps).
    var parked: [Deque<Int>]

    struct Entry {
        let slot: Int
        let ticket: Int
        let enqueued: SimTime
    }

    struct Keyed: Comparable {
        let key: Int
        let ticket: Int
        let slot: Int
        static func < (a: Self, b: Self) -> Bool { a.key != b.key ? a.key < b.key : a.ticket < b.ticket }
        static func == (a: Self, b: Self) -> Bool { a.ticket == b.ticket }
    }

    /// - Parameters:
    ///   - classesWithWindows: the number of classes when classes have batching windows of
    ///     their own, else 0.
    ///   - classesWithCaps: the number of classes when classes have concurrency caps, else 0.
    init(policy: QueuePolicy, classesWithWindows: Int = 0, classesWithCaps: Int = 0) {
        self.policy = policy
        self.agingNanoseconds = policy.agingSeconds.map { SimDuration(seconds: $0).nanoseconds }
        self.arrivalsByClass = Array(repeating: Deque(), count: classesWithWindows)
        self.parked = Array(repeating: Deque(), count: classesWithCaps)
    }

    var isEmpty: Bool { count == 0 }

    /// Adds a newly arrived request. `priority` is its class's priority (lower first) and
    /// `size` its prompt + expected output tokens.
    ///
    /// - Complexity: O(log n).
    mutating func append(_ slot: Int, priority: Int, size: Int, classIndex: Int = 0, at now: SimTime) {
        let ticket = nextTicket
        nextTicket += 1
        count += 1
        inArrivalOrder.append(Entry(slot: slot, ticket: ticket, enqueued: now))
        if !arrivalsByClass.isEmpty { arrivalsByClass[classIndex].append(Entry(slot: slot, ticket: ticket, enqueued: now)) }
        switch policy {
        case .fcfs: return
        case .priority: byPolicy.insert(Keyed(key: priority, ticket: ticket, slot: slot))
        case .shortestRemaining: byPolicy.insert(Keyed(key: size, ticket: ticket, slot: slot))
        }
        waitingTickets.insert(ticket)
    }

    /// Puts a preempted request back, ahead of every waiting one.
    mutating func prepend(_ slot: Int) {
        front.prepend(slot)
        count += 1
    }

    /// The request waiting longest (for the batching window), preempted ones first.
    mutating func oldest() -> Int? {
        if let slot = front.first { return slot }
        dropTaken()
        return inArrivalOrder.first?.slot
    }

    /// The request to admit next, without removing it.
    ///
    /// - Complexity: amortised O(log n).
    mutating func peek(at now: SimTime) -> Int? {
        choose(at: now)?.slot
    }

    /// Removes the request `peek(at:)` named.
    mutating func removeNext(at now: SimTime) {
        guard let choice = choose(at: now) else { return }
        count -= 1
        switch choice.source {
        case .front: front.removeFirst()
        case .arrivalOrder:
            let entry = inArrivalOrder.removeFirst()
            if policy != .fcfs { waitingTickets.remove(entry.ticket) }
        case .policy:
            let entry = byPolicy.removeMin()
            waitingTickets.remove(entry.ticket)
        }
    }

    private enum Source { case front, arrivalOrder, policy }

    private mutating func choose(at now: SimTime) -> (slot: Int, source: Source)? {
        if let slot = front.first { return (slot, .front) }
        dropTaken()
        guard let oldest = inArrivalOrder.first else { return nil }
        if policy == .fcfs { return (oldest.slot, .arrivalOrder) }
        if let aging = agingNanoseconds, (now - oldest.enqueued).nanoseconds >= aging {
            return (oldest.slot, .arrivalOrder)
        }
        while let top = byPolicy.min, !waitingTickets.contains(top.ticket) { byPolicy.removeMin() }
        return byPolicy.min.map { ($0.slot, .policy) }
    }

    /// Whether the entry with `ticket` is still waiting (not yet taken by `removeNext`).
    mutating func isWaiting(ticket: Int) -> Bool {
        if policy != .fcfs { return waitingTickets.contains(ticket) }
        // FCFS takes entries in ticket order: those from the head's ticket on are waiting.
        guard let head = inArrivalOrder.first else { return false }
        return ticket >= head.ticket
    }

    /// Drops entries at the head of the arrival order that were already admitted by policy.
    private mutating func dropTaken() {
        guard policy != .fcfs else { return }
        while let head = inArrivalOrder.first, !waitingTickets.contains(head.ticket) { inArrivalOrder.removeFirst() }
    }
}
