/// The requests in flight, in reusable slots, so that memory follows the number in flight
/// and not the length of the run.
///
/// A slot's state is read and changed in place (`table[slot].field` borrows it: nothing is
/// copied); whether a slot holds a request is kept apart, so the states are stored unwrapped.
struct RequestTable {
    private var storage: ContiguousArray<RequestState> = []
    private var occupied: [Bool] = []
    private var freeSlots: [Int] = []
    private(set) var inFlight = 0

    /// Stores `state` and returns its slot.
    ///
    /// - Complexity: amortised O(1).
    mutating func insert(_ state: RequestState) -> Int {
        inFlight += 1
        if let slot = freeSlots.popLast() {
            storage[slot] = state
            occupied[slot] = true
            return slot
        }
        storage.append(state)
        occupied.append(true)
        return storage.count - 1
    }

    /// Removes and returns the request in `slot` (its state stays in the slot, unreachable,
    /// until the slot is reused).
    mutating func remove(_ slot: Int) -> RequestState {
        guard occupied[slot] else { preconditionFailure("slot \(slot) is empty") }
        occupied[slot] = false
        freeSlots.append(slot)
        inFlight -= 1
        return storage[slot]
    }

    /// Whether `slot` holds a request.
    @inline(__always)
    func holds(_ slot: Int) -> Bool { slot < occupied.count && occupied[slot] }

    subscript(slot: Int) -> RequestState {
        @inline(__always) _read {
            precondition(occupied[slot], "slot is empty")
            yield storage[slot]
        }
        @inline(__always) _modify {
            precondition(occupied[slot], "slot is empty")
            yield &storage[slot]
        }
    }

    /// The request in each slot, nil where the slot is empty.
    var states: Slots { Slots(storage: storage, occupied: occupied) }

    struct Slots {
        fileprivate let storage: ContiguousArray<RequestState>
        fileprivate let occupied: [Bool]
        subscript(slot: Int) -> RequestState? { occupied[slot] ? storage[slot] : nil }
    }

    /// Every request still in flight (for the end-of-run accounting).
    var all: [RequestState] { storage.indices.filter { occupied[$0] }.map { storage[$0] } }
}
