/// The requests in flight, in reusable slots, so that memory follows the number in flight
/// and not the length of the run.
struct RequestTable {
    private(set) var states: ContiguousArray<RequestState?> = []
    private var freeSlots: [Int] = []
    private(set) var inFlight = 0

    /// Stores `state` and returns its slot.
    ///
    /// - Complexity: amortised O(1).
    mutating func insert(_ state: RequestState) -> Int {
        inFlight += 1
        if let slot = freeSlots.popLast() {
            states[slot] = state
            return slot
        }
        states.append(state)
        return states.count - 1
    }

    /// Removes and returns the request in `slot`.
    mutating func remove(_ slot: Int) -> RequestState {
        guard let state = states[slot] else { preconditionFailure("slot \(slot) is empty") }
        states[slot] = nil
        freeSlots.append(slot)
        inFlight -= 1
        return state
    }

    subscript(slot: Int) -> RequestState {
        @inline(__always) get { states[slot]! }
        @inline(__always) _modify { yield &states[slot]! }
    }

    /// Every request still in flight (for the end-of-run accounting).
    var all: [RequestState] { states.compactMap { $0 } }
}
