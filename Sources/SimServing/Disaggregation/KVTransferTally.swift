/// What the KV transfers of a disaggregated run did, and where each handed-off request's time
/// before its decode went (requests that arrived after the warm-up).
struct KVTransferTally {
    private(set) var transfers = 0
    private(set) var bytes = 0.0
    /// Σ seconds the links were occupied (latency apart), over every prefill replica's links.
    private(set) var linkBusySeconds = 0.0
    /// Measured requests: arrival → first scheduled on the prefill pool; first scheduled →
    /// prefill end (first token); prefill end → KV on the decode replica; KV there → admitted
    /// into the decode batch.
    private(set) var prefillQueue: [Double] = []
    private(set) var prefill: [Double] = []
    private(set) var transfer: [Double] = []
    private(set) var decodeWait: [Double] = []

    mutating func transferred(bytes: Double, occupancySeconds: Double) {
        transfers += 1
        self.bytes += bytes
        linkBusySeconds += occupancySeconds
    }

    mutating func handedOff(queueSeconds: Double, prefillSeconds: Double, transferSeconds: Double) {
        prefillQueue.append(queueSeconds)
        prefill.append(prefillSeconds)
        transfer.append(transferSeconds)
    }

    mutating func admitted(waitSeconds: Double) { decodeWait.append(waitSeconds) }
}
