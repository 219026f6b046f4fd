/// The figures of one decode-attention kernel's time form
/// (``AttentionKernelTimeModel/decodeTime(sequences:heads:kvHeads:flops:bytes:form:memorySeconds:extraFixedSeconds:)``),
/// in seconds and bytes/s: the KV-streaming rate, the time per sequence, per sequence and
/// query head, per sequence and GQA-packed work unit, the query rows per tile (nil: one tile
/// per KV head), the work units at which the KV streams at half rate, the sharpness of the soft
/// maximum of work and streaming (nil: they add), the fixed time and the shortest call.
struct DecodeKernelForm: Sendable {
    var bytesPerSecond: Double
    var perSequenceSeconds: Double
    var overheadSeconds: Double
    var floorSeconds: Double
    var perSequenceHeadSeconds: Double
    var perSequenceUnitSeconds: Double
    var queryTileRows: Double?
    var halfRateUnits: Double
    var overlapSharpness: Double?
}
