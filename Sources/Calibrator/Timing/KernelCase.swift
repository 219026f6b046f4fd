import SimServeKit

/// One kernel at one shape: what the calibrator times and the cost model predicts.
///
/// FLOPs and bytes are counted as the simulator's cost model counts them (DESIGN.md, "The
/// cost model"), in FP32 (4 bytes per element), so that fitted efficiencies mean the same
/// thing in the profile as in ``SimServeKit/HardwareSpec``.
public enum KernelCase: Hashable, Sendable, CustomStringConvertible {
    /// C[m × n] = A[m × k] · W[k × n]: a linear layer on m tokens.
    case gemm(m: Int, n: Int, k: Int)
    /// STREAM triad over `elements` floats per array.
    case triad(elements: Int)
    /// Causal attention of `newTokens` on top of `cachedTokens`, H heads, H_kv KV heads, D.
    case prefillAttention(heads: Int, kvHeads: Int, headDim: Int, newTokens: Int, cachedTokens: Int)
    /// One decode step of `sequences` sequences, each with `contextTokens` cached.
    case decodeAttention(heads: Int, kvHeads: Int, headDim: Int, sequences: Int, contextTokens: Int)

    /// The kernel's name in the profile: `gemm`, `triad`, `attn_prefill`, `attn_decode`.
    public var kernel: String {
        switch self {
        case .gemm: "gemm"
        case .triad: "triad"
        case .prefillAttention: "attn_prefill"
        case .decodeAttention: "attn_decode"
        }
    }

    /// 2·m·n·k; 2 per triad element; 4·H·D·c·(o + (c+1)/2) causal; 4·H·D·L per sequence.
    public var flops: Double {
        switch self {
        case let .gemm(m, n, k): 2 * Double(m) * Double(n) * Double(k)
        case let .triad(e): 2 * Double(e)
        case let .prefillAttention(h, _, d, c, o): 4 * Double(h * d) * Double(c) * (Double(o) + Double(c + 1) / 2)
        case let .decodeAttention(h, _, d, b, l): 4 * Double(h * d) * Double(l) * Double(b)
        }
    }

    /// Bytes the cost model charges: weight k·n plus activations (m·k + m·n); STREAM's 12 per
    /// element; Q, K, V, O of the chunk plus the cached K, V; the KV cache plus q and o.
    public var bytes: Double {
        let w = 4.0
        switch self {
        case let .gemm(m, n, k): return w * (Double(k * n) + Double(m * k) + Double(m * n))
        case let .triad(e): return 12 * Double(e)
        case let .prefillAttention(h, kv, d, c, o):
            return w * (Double(c) * Double(2 * h + 2 * kv) * Double(d) + Double(o) * 2 * Double(kv * d))
        case let .decodeAttention(h, kv, d, b, l):
            return w * (Double(b) * Double(l) * 2 * Double(kv * d) + Double(b) * 2 * Double(h * d))
        }
    }

    /// The unmasked attention work 4·H·D·c·(o + c) that the simulator's prefill term uses.
    public var squareAttentionFlops: Double {
        guard case let .prefillAttention(h, _, d, c, o) = self else { return 0 }
        return 4 * Double(h * d) * Double(c) * Double(o + c)
    }

    /// The tiled (block-causal) attention work 4·H·D·W, W the chunk's
    /// ``SimServeKit/BatchShape/tiledTokenPairs(newTokens:cachedTokens:tile:)`` for query tiles
    /// of `tile` rows: what ``PrefillAttention`` computes with tiles of
    /// ``PrefillAttention/queryBlock``.
    public func tiledAttentionFlops(tile: Int) -> Double {
        guard case let .prefillAttention(h, _, d, c, o) = self else { return 0 }
        return 4 * Double(h * d) * BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: tile)
    }

    /// Shape parameters as (name, value) pairs, for the profile and reports.
    public var parameters: [(String, Int)] {
        switch self {
        case let .gemm(m, n, k): [("m", m), ("n", n), ("k", k)]
        case let .triad(e): [("elements", e)]
        case let .prefillAttention(h, kv, d, c, o):
            [("heads", h), ("kv_heads", kv), ("head_dim", d), ("new_tokens", c), ("cached_tokens", o)]
        case let .decodeAttention(h, kv, d, b, l):
            [("heads", h), ("kv_heads", kv), ("head_dim", d), ("sequences", b), ("context_tokens", l)]
        }
    }

    public var description: String {
        kernel + " " + parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
}
