/// Derives the seed of a named random stream from the scenario seed.
///
/// Each component (arrivals, prompt lengths, a replica's sampler, ...) draws from its own
/// stream, seeded from `(seed, replication, name)`: adding a component or a request class never
/// shifts another component's draws (the idea of ns-3's `AssignStreams`). The name is hashed
/// with FNV-1a and mixed with the seed by SplitMix64, so nearby seeds give unrelated streams.
public enum StreamSeed {
    /// The 32-bit seed GSL's mt19937 uses for stream `name` (mt19937 keeps 32 bits of its seed).
    public static func derive(seed: UInt64, replication: UInt64 = 0, name: String) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        var state = seed ^ SplitMix64.mix(hash ^ SplitMix64.mix(replication &+ 0x632b_e59b_d9b4_e019))
        state = SplitMix64.mix(state)
        // mt19937 treats seed 0 as its default seed 4357; avoid the alias.
        let folded = UInt32(truncatingIfNeeded: state ^ (state >> 32))
        return folded == 0 ? 1 : folded
    }
}
