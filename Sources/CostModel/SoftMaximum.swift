import Foundation

/// The soft maximum (aᵖ + bᵖ)^(1/p) of two non-negative times, computed as
/// hi · (1 + (lo/hi)ᵖ)^(1/p) so that it never overflows: two costs that partly overlap
/// (a GEMM's compute and its weight read, `roofline_sharpness`; a decode kernel's per-sequence
/// work and its KV streaming, `decode_attention_overlap_sharpness`). p = 1 is their sum, a large
/// p their maximum; 0 when both are 0.
@inline(__always)
func softMaximum(_ a: Double, _ b: Double, p: Double) -> Double {
    let hi = max(a, b)
    guard hi > 0 else { return 0 }
    return hi * Foundation.pow(1 + Foundation.pow(min(a, b) / hi, p), 1 / p)
}
