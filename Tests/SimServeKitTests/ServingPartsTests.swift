import XCTest
@testable import SimServing
import SimWorkload
import SimCore

/// The serving core's parts, each on its own: the waiting queue, the decode group, the KV block
/// pool, the prefix cache, the router and the token bucket. (The simulation tests exercise them
/// together; these say which part broke.)
final class WaitingQueueTests: XCTestCase {
    func at(_ seconds: Double) -> SimTime { SimTime(seconds: seconds) }

    func testFCFSAdmitsInArrivalOrderAndPreemptedFirst() {
        var q = WaitingQueue(policy: .fcfs)
        for slot in [7, 3, 9] { q.append(slot, priority: 0, size: 10, at: at(Double(slot))) }
        q.prepend(42)
        XCTAssertEqual(q.count, 4)
        XCTAssertEqual(q.oldest(), 42)
        var order: [Int] = []
        while let next = q.peek(at: at(100)) { order.append(next); q.removeNext(at: at(100)) }
        XCTAssertEqual(order, [42, 7, 3, 9])
        XCTAssertTrue(q.isEmpty)
        XCTAssertNil(q.oldest())
    }

    func testPriorityThenArrivalOrder() {
        var q = WaitingQueue(policy: .priority(agingSeconds: nil))
        q.append(1, priority: 2, size: 0, at: at(0))
        q.append(2, priority: 1, size: 0, at: at(1))
        q.append(3, priority: 2, size: 0, at: at(2))
        q.append(4, priority: 1, size: 0, at: at(3))
        var order: [Int] = []
        while let next = q.peek(at: at(10)) { order.append(next); q.removeNext(at: at(10)) }
        XCTAssertEqual(order, [2, 4, 1, 3])
    }

    func testShortestRemainingWithAgingLetsTheOldestGoFirst() {
        var q = WaitingQueue(policy: .shortestRemaining(agingSeconds: 5))
        q.append(1, priority: 0, size: 1000, at: at(0))
        q.append(2, priority: 0, size: 10, at: at(1))
        q.append(3, priority: 0, size: 100, at: at(2))
        // Before the aging time: shortest first.
        XCTAssertEqual(q.peek(at: at(3)), 2)
        // Request 1 has waited 5 s: it goes first, ahead of shorter ones.
        XCTAssertEqual(q.peek(at: at(5)), 1)
        q.removeNext(at: at(5))
        XCTAssertEqual(q.peek(at: at(5)), 2)
        q.removeNext(at: at(5))
        XCTAssertEqual(q.peek(at: at(5)), 3)
        // The oldest still waiting, after the one taken by policy was skipped in arrival order.
        XCTAssertEqual(q.oldest(), 3)
        XCTAssertEqual(q.count, 1)
    }

    func testParkedRequestsReturnAtTheFrontWhenTheirClassHasRoom() {
        var q = WaitingQueue(policy: .fcfs, classesWithCaps: 2)
        q.append(1, priority: 0, size: 0, classIndex: 0, at: at(0))
        q.append(2, priority: 0, size: 0, classIndex: 1, at: at(1))
        XCTAssertEqual(q.peek(at: at(2)), 1)
        q.removeNext(at: at(2))
        q.park(1, classIndex: 0)  // its class is at its cap
        XCTAssertEqual(q.count, 2)
        XCTAssertEqual(q.peek(at: at(2)), 2)
        q.unpark(classIndex: 0)
        XCTAssertEqual(q.peek(at: at(2)), 1, "an unparked request goes ahead of the waiting ones")
    }

    func testEarliestWindowEndPerClass() {
        var q = WaitingQueue(policy: .fcfs, classesWithWindows: 2)
        q.append(1, priority: 0, size: 0, classIndex: 0, at: at(1))
        q.append(2, priority: 0, size: 0, classIndex: 1, at: at(2))
        // Class 0 waits 10 s, class 1 waits 1 s: class 1's window ends first.
        let windows = [SimDuration(seconds: 10).nanoseconds, SimDuration(seconds: 1).nanoseconds]
        XCTAssertEqual(q.earliestWindowEnd(windows: windows), at(3))
        q.prepend(9)
        XCTAssertEqual(q.earliestWindowEnd(windows: windows), .zero, "a preempted request is due at once")
    }
}

final class DecodeGroupTests: XCTestCase {
    /// Contexts grow by the member count per step; a member needs a new block exactly when its
    /// cache crosses a block boundary; departures come out in order of their last step.
    func testAggregatesFollowTheMembers() {
        var g = DecodeGroup(blockSizeTokens: 4)
        // Member A joins at iteration 0 with 3 cached tokens (its next token is the 4th: the
        // block is full after it; it needs a new block at iteration 1, 5, 9, ...).
        g.join(slot: 0, request: 10, epoch: 0, iteration: 0, lastIteration: 5, cachedTokens: 3, measured: true,
               serviceDemandSeconds: 0)
        // Member B joins at iteration 0 with 4 cached tokens: a new block at once (0, 4, 8, ...).
        g.join(slot: 1, request: 11, epoch: 0, iteration: 0, lastIteration: 2, cachedTokens: 4, measured: false,
               serviceDemandSeconds: 0)
        XCTAssertEqual(g.count, 2)
        XCTAssertEqual(g.measuredCount, 1)
        XCTAssertEqual(g.contextTokens, 3 + 1 + 4 + 1)
        XCTAssertEqual(g.blocksNeeded(atIteration: 0), 1)  // B
        XCTAssertEqual(g.blocksNeeded(atIteration: 1), 1)  // A
        XCTAssertEqual(g.blocksNeeded(atIteration: 2), 0)
        XCTAssertEqual(g.blocksNeeded(atIteration: 4), 1)  // B again
        g.advance()
        XCTAssertEqual(g.contextTokens, 11)
        XCTAssertNil(g.popDeparture(atOrBefore: 1))
        XCTAssertEqual(g.popDeparture(atOrBefore: 2)?.slot, 1)
        g.leave(context: 4 + 1 + 3, phase: g.phase(joiningAt: 0, cachedTokens: 4), measured: false, serviceDemandSeconds: 0)
        XCTAssertEqual(g.count, 1)
        XCTAssertEqual(g.blocksNeeded(atIteration: 4), 0)
        XCTAssertEqual(g.popDeparture(atOrBefore: 99)?.request, 10)
        XCTAssertNil(g.popDeparture(atOrBefore: 99))
    }

    func testPhaseWrapsForNegativeOffsets() {
        let g = DecodeGroup(blockSizeTokens: 16)
        XCTAssertEqual(g.phase(joiningAt: 3, cachedTokens: 20), 15)  // (3 − 20) mod 16
        XCTAssertEqual(g.phase(joiningAt: 40, cachedTokens: 8), 0)
    }
}

final class KVBlockManagerTests: XCTestCase {
    func testAllocatesOnlyWhatIsFree() {
        var kv = KVBlockManager(capacity: 10, blockSizeTokens: 16)
        XCTAssertTrue(kv.allocate(7))
        XCTAssertFalse(kv.allocate(4), "only 3 free")
        XCTAssertEqual(kv.used, 7)
        XCTAssertTrue(kv.allocate(3))
        XCTAssertEqual(kv.free, 0)
        XCTAssertEqual(kv.utilization, 1)
        kv.release(5)
        XCTAssertEqual(kv.free, 5)
        XCTAssertEqual(kv.utilization, 0.5)
        XCTAssertEqual(KVBlockManager(capacity: 0, blockSizeTokens: 16).utilization, 0)
    }
}

final class PrefixCacheTests: XCTestCase {
    /// Blocks hit from the first, stop at the first miss; idle blocks are evicted least
    /// recently used first and a referenced one never.
    func testHitsReferencesAndLRUEviction() {
        var cache = PrefixCache(blockTokens: 16)
        let a = PrefixKey.group(1, tokens: 64)  // 4 full blocks
        let b = PrefixKey.group(2, tokens: 64)
        XCTAssertEqual(cache.matchingBlocks(of: a, upTo: 4), 0)
        for i in 0..<3 { XCTAssertTrue(cache.insert(a.blockHash(i, blockTokens: 16))) }
        XCTAssertFalse(cache.insert(a.blockHash(0, blockTokens: 16)), "already cached")
        XCTAssertEqual(cache.matchingBlocks(of: a, upTo: 4), 3)
        XCTAssertEqual(cache.matchingBlocks(of: a, upTo: 2), 2)
        XCTAssertEqual(cache.matchingBlocks(of: b, upTo: 4), 0)
        XCTAssertEqual(cache.idleCount, 0)
        cache.release(first: 3, of: a)  // tail first: block 2 idles before 1 before 0
        XCTAssertEqual(cache.idleCount, 3)
        XCTAssertEqual(cache.referenceMatching(a, upTo: 1), 1)  // block 0 in use again
        XCTAssertEqual(cache.idleCount, 2)
        XCTAssertEqual(cache.evict(5), 2, "the referenced block stays")
        XCTAssertEqual(cache.count, 1)
        XCTAssertEqual(cache.matchingBlocks(of: a, upTo: 4), 1)
        cache.release(a.blockHash(0, blockTokens: 16))
        XCTAssertEqual(cache.evict(1), 1)
        XCTAssertEqual(cache.count, 0)
    }
}

final class WarmPrefixCacheTests: XCTestCase {
    /// A warm fill caches each prompt's full blocks, idle and counted as used KV, oldest first;
    /// when memory runs short the oldest prompts are evicted whole-prompt-last-block first and
    /// the last ones stay; a prompt larger than the whole cache is passed over.
    func testFillsOldestFirstAndKeepsTheLastPrompts() {
        let replica = Replica(index: 0, kvBlocks: 10, policy: .plain(), line: WaitingLine(queue: WaitingQueue(policy: .fcfs)))
        replica.prefixCache = PrefixCache(blockTokens: 16)
        // Entry 0: 64 tokens (4 blocks); entry 1: 70 (4 full blocks); entry 2: 40 (2);
        // entry 3: 200 (12 blocks: more than the cache holds).
        let prompts: [(prefix: PrefixKey, promptTokens: Int)] = [(.pooled(entry: 0), 64), (.pooled(entry: 1), 70),
                                                                  (.pooled(entry: 2), 40), (.pooled(entry: 3), 200)]
        replica.warmPrefixCache(with: Array(prompts.prefix(2)))
        XCTAssertEqual(replica.prefixCache!.count, 8)
        XCTAssertEqual(replica.prefixCache!.idleCount, 8)
        XCTAssertEqual(replica.kv.free, 2)
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 1), upTo: 4), 4)
        replica.warmPrefixCache(with: Array(prompts.suffix(2)))
        // Entry 2 needed two blocks: both free; entry 3 is passed over.
        XCTAssertEqual(replica.kv.free, 0)
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 2), upTo: 2), 2)
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 3), upTo: 12), 0)
        // One more prompt of 3 blocks evicts the least recently cached: entry 0's deepest
        // blocks go first (released tail first), so its first block still hits.
        replica.warmPrefixCache(with: [(.pooled(entry: 4), 48)])
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 4), upTo: 3), 3)
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 0), upTo: 4), 1)
        XCTAssertEqual(replica.prefixCache!.matchingBlocks(of: .pooled(entry: 1), upTo: 4), 4)
        XCTAssertEqual(replica.kv.free, 0)
        XCTAssertEqual(replica.prefixCache!.count, 10)
    }

    /// Filling an empty cache from the end back leaves what replaying every prompt leaves:
    /// the same blocks, KV and idle order (checked by evicting one block at a time), over
    /// random pools (seeded) larger and smaller than the cache.
    func testFillFromTheEndEqualsTheReplay() {
        var rng = SplitMix64(seed: 17)
        for trial in 0..<200 {
            let capacity = Int.random(in: 1...60, using: &rng)
            let prompts: [(prefix: PrefixKey, promptTokens: Int)] = (0..<Int.random(in: 1...30, using: &rng)).map {
                (.pooled(entry: $0), Int.random(in: 1...400, using: &rng))
            }
            func replica() -> Replica {
                let r = Replica(index: 0, kvBlocks: capacity, policy: .plain(), line: WaitingLine(queue: WaitingQueue(policy: .fcfs)))
                r.prefixCache = PrefixCache(blockTokens: 16)
                return r
            }
            let (fast, replay) = (replica(), replica())
            fast.warmPrefixCache(with: prompts)
            replay.replayIntoPrefixCache(prompts)
            XCTAssertEqual(fast.kv.used, replay.kv.used, "trial \(trial)")
            XCTAssertEqual(fast.prefixCache!.count, replay.prefixCache!.count, "trial \(trial)")
            for _ in 0...fast.prefixCache!.count {
                let held = { (r: Replica) in prompts.map { r.prefixCache!.matchingBlocks(of: $0.prefix, upTo: 1000) } }
                XCTAssertEqual(held(fast), held(replay), "trial \(trial)")
                XCTAssertEqual(fast.prefixCache!.evict(1), replay.prefixCache!.evict(1))
            }
        }
    }

    /// A replica adopting another's warm cache holds the same blocks and KV, and the two
    /// diverge independently afterwards.
    func testAdoptedWarmCacheIsACopy() {
        func replica() -> Replica { Replica(index: 0, kvBlocks: 20, policy: .plain(), line: WaitingLine(queue: WaitingQueue(policy: .fcfs))) }
        let (filled, adopted, refilled) = (replica(), replica(), replica())
        for r in [filled, adopted, refilled] { r.prefixCache = PrefixCache(blockTokens: 16) }
        let prompts: [(prefix: PrefixKey, promptTokens: Int)] = [(.pooled(entry: 0), 64), (.pooled(entry: 1), 100)]
        filled.warmPrefixCache(with: prompts)
        refilled.warmPrefixCache(with: prompts)
        adopted.adoptWarmPrefixCache(from: filled)
        XCTAssertEqual(adopted.kv.used, refilled.kv.used)
        XCTAssertEqual(adopted.prefixCache!.count, refilled.prefixCache!.count)
        XCTAssertEqual(adopted.prefixCache!.idleCount, refilled.prefixCache!.idleCount)
        XCTAssertEqual(adopted.prefixCache!.evict(3), 3)
        XCTAssertEqual(filled.prefixCache!.count, refilled.prefixCache!.count, "the source keeps its blocks")
        XCTAssertEqual(filled.prefixCache!.matchingBlocks(of: .pooled(entry: 0), upTo: 4), 4)
    }
}

final class RouterTests: XCTestCase {
    func replicas(_ n: Int) -> [Replica] {
        (0..<n).map { Replica(index: $0, kvBlocks: 100, policy: .plain(), line: WaitingLine(queue: WaitingQueue(policy: .fcfs))) }
    }

    func testRoundRobinTakesTurns() {
        var router = Router(policy: .roundRobin)
        let rs = replicas(3)
        XCTAssertEqual((0..<7).map { _ in router.route(among: rs) }, [0, 1, 2, 0, 1, 2, 0])
    }

    func testJoinShortestQueueAndTiesInTurn() {
        var router = Router(policy: .joinShortestQueue)
        let rs = replicas(3)
        rs[0].waiting.append(0, priority: 0, size: 0, at: .zero)
        rs[1].waiting.append(1, priority: 0, size: 0, at: .zero)
        XCTAssertEqual(router.route(among: rs), 2)
        // All equal: ties go in turn, starting one past the last choice.
        rs[2].waiting.append(2, priority: 0, size: 0, at: .zero)
        XCTAssertEqual(router.route(among: rs), 0)
        XCTAssertEqual(router.route(among: rs), 1)
    }

    func testLeastTokensAndLeastKV() {
        let rs = replicas(3)
        rs[0].outstandingTokens = 500
        rs[1].outstandingTokens = 100
        rs[2].outstandingTokens = 300
        var byTokens = Router(policy: .leastOutstandingTokens)
        XCTAssertEqual(byTokens.route(among: rs), 1)
        _ = rs[0].kv.allocate(10)
        _ = rs[1].kv.allocate(50)
        _ = rs[2].kv.allocate(5)
        var byKV = Router(policy: .leastKVUtilization)
        XCTAssertEqual(byKV.route(among: rs), 2)
    }

    /// Routes `steps` arrivals through an indexed router of `policy` and a scanning one, over
    /// twin replica sets of each size in `counts`, and checks that both pick the same replica;
    /// `change(generator, indexed, scanned, router)` applies one random change to both sets
    /// (and tells the index, where the simulation would).
    private func assertIndexedRoutesAsTheScan(
        _ policy: RoutingPolicy, counts: [Int], steps: Int, seed: UInt64,
        change: (inout SplitMix64, [Replica], [Replica], Router) -> Void
    ) {
        for count in counts {
            let indexed = replicas(count), scanned = replicas(count)
            var byIndex = Router(policy: policy, replicas: count)
            var byScan = Router(policy: policy)
            byIndex.attach(indexed)
            var generator = SplitMix64(seed: seed &+ UInt64(count))
            for step in 0..<steps {
                change(&generator, indexed, scanned, byIndex)
                XCTAssertEqual(byIndex.route(among: indexed), byScan.route(among: scanned),
                               "\(policy), \(count) replicas, step \(step)")
            }
        }
    }

    /// Least outstanding tokens: the replicas keep the index current as their tokens change;
    /// few distinct counts, so that ties (which go in turn) are common.
    func testIndexedLeastTokensRoutesAsTheScan() {
        assertIndexedRoutesAsTheScan(.leastOutstandingTokens, counts: [1, 2, 3, 5, 8, 13, 64], steps: 2_000,
                                     seed: 0x5EED_0000) { generator, indexed, scanned, _ in
            let who = generator.below(indexed.count), tokens = generator.below(4) * 100
            indexed[who].outstandingTokens = tokens
            scanned[who].outstandingTokens = tokens
        }
    }

    /// Join-shortest-queue: requests are queued and the index told (the simulation tells it
    /// after each admission and iteration end).
    func testIndexedJoinShortestQueueRoutesAsTheScan() {
        var request = 0
        assertIndexedRoutesAsTheScan(.joinShortestQueue, counts: [1, 3, 8, 64], steps: 600,
                                     seed: 0xC0DE) { generator, indexed, scanned, router in
            let who = generator.below(indexed.count)
            for rs in [indexed, scanned] { rs[who].waiting.append(request, priority: 0, size: 0, at: .zero) }
            request += 1
            router.noteRequests(of: indexed[who])
        }
    }

    /// Least KV: replicas of one capacity take and free blocks, keeping the index current.
    func testIndexedLeastKVRoutesAsTheScan() {
        assertIndexedRoutesAsTheScan(.leastKVUtilization, counts: [1, 3, 8, 64], steps: 1_000,
                                     seed: 0xB10C) { generator, indexed, scanned, _ in
            let who = generator.below(indexed.count), blocks = generator.below(6), take = generator.below(2) == 0
            for rs in [indexed, scanned] {
                if take || rs[who].kv.used < blocks { _ = rs[who].kv.allocate(blocks) } else { rs[who].kv.release(blocks) }
            }
        }
    }

    func testCyclicMinimumTreeFindsTheFirstMinimumInTurn() {
        for count in [1, 2, 3, 4, 7, 9, 33] {
            let tree = CyclicMinimumTree(count: count)
            var keys = Array(repeating: 0, count: count)
            var generator = SplitMix64(seed: 42 &+ UInt64(count))
            for _ in 0..<500 {
                let slot = generator.below(count), key = generator.below(5)
                keys[slot] = key
                tree.set(slot, to: key)
                XCTAssertEqual(tree[slot], key)
                for start in 0..<count {
                    // A scan from `start` that keeps only a strictly smaller key.
                    var best = start
                    for step in 1..<max(count, 1) where keys[(start + step) % count] < keys[best] { best = (start + step) % count }
                    XCTAssertEqual(tree.firstMinimum(from: start), best)
                }
            }
        }
    }

    func testPrefixAffinityPrefersTheReplicaHoldingThePrefix() {
        let rs = replicas(3)
        let prefix = PrefixKey.group(7, tokens: 32)
        rs[2].prefixCache = PrefixCache(blockTokens: 16)
        for i in 0..<2 { _ = rs[2].prefixCache!.insert(prefix.blockHash(i, blockTokens: 16)) }
        rs[2].outstandingTokens = 10_000
        var router = Router(policy: .prefixAffinity)
        XCTAssertEqual(router.route(among: rs, prefix: prefix, prefixBlocks: 2), 2)
        // Without a shared prefix: the fewest outstanding tokens.
        XCTAssertNotEqual(router.route(among: rs), 2)
    }
}

final class TokenBucketTests: XCTestCase {
    /// A full bucket passes a burst of its size, then the rate; over any span T it passes at
    /// most rate · T + size.
    func testBurstThenRate() {
        var bucket = TokenBucket(tokensPerSecond: 100, burstTokens: 50)
        XCTAssertTrue(bucket.take(50, at: .zero))
        XCTAssertFalse(bucket.take(1, at: .zero))
        XCTAssertTrue(bucket.take(10, at: SimTime(seconds: 0.1)))  // refilled 10
        XCTAssertFalse(bucket.take(1, at: SimTime(seconds: 0.1)))
        XCTAssertTrue(bucket.take(50, at: SimTime(seconds: 10)), "refills up to its size, no more")
        XCTAssertFalse(bucket.take(1, at: SimTime(seconds: 10)))
        var passed = 0.0
        var b = TokenBucket(tokensPerSecond: 20, burstTokens: 5)
        for step in 0...1000 where b.take(1, at: SimTime(seconds: Double(step) * 0.001)) { passed += 1 }
        XCTAssertLessThanOrEqual(passed, 20 * 1.0 + 5)
        XCTAssertGreaterThanOrEqual(passed, 20 * 1.0 + 5 - 1)
    }
}
