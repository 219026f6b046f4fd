import Foundation
import SimServeKit

/// Kernel tables in aiconfigurator's layout (`data/kernels/aic_*.csv`) whose times are
/// those the simulator predicts on a given hardware description: validating that hardware
/// on them must give no error, and fitting them must recover its parameters.
public enum SyntheticKernelTables {
    /// Writes the six `aic_*.csv` files for `gpu` into `directory`, times from `hardware`
    /// through ``KernelPredictor`` (the GPU's engine for the custom all-reduce rows).
    public static func write(to directory: URL, gpu: KernelGPU, hardware: HardwareSpec) throws {
        let predictor = try KernelPredictor(gpu: gpu, hardware: hardware)
        func us(_ op: MeasuredKernel.Op) -> String {
            "\(predictor.seconds(MeasuredKernel(gpu: gpu.label, op: op, measuredSeconds: 1, split: .fit)) * 1e6)"
        }
        let heads = [(64, 8), (32, 8), (32, 4), (16, 2), (8, 1), (32, 32)]
        var gemm = ["gpu,backend,version,dtype,m,n,k,latency_us,tflops,kernel_source"]
        for dtype in ["bf16", "fp8"] {
            for m in [1, 8, 64, 200, 1024, 4096, 16384] {
                for n in [1024, 4096, 6144, 12288, 16384] {
                    for k in [1024, 8192] {
                        gemm.append("\(gpu.label),\(gpu.gemmBackend),1,\(dtype),\(m),\(n),\(k),"
                                    + us(.gemm(m: m, n: n, k: k, fp8: dtype == "fp8")) + ",0,synthetic")
                    }
                }
            }
        }
        var decode = ["gpu,backend,version,dtype,kv_dtype,batch,kv_len,q_heads,kv_heads,head_dim,latency_us,kv_bytes,kv_read_gbps,above_dram_peak,kernel_source"]
        var prefill = ["gpu,backend,version,dtype,kv_dtype,batch,seq_len,q_heads,kv_heads,head_dim,latency_us,causal_tflops,kernel_source"]
        for (h, hkv) in heads {
            for kv in ["bf16", "fp8"] {
                for batch in [1, 8, 64, 256] {
                    for len in [1, 127, 2047, 16383] {
                        let op = MeasuredKernel.Op.decodeAttention(batch: batch, kvLength: len, heads: h, kvHeads: hkv,
                                                                     headDim: 128, kvBytes: kv == "fp8" ? 1 : 2)
                        decode.append("\(gpu.label),\(gpu.backend),1,bf16,\(kv),\(batch),\(len),\(h),\(hkv),128,\(us(op)),0,0,0,synthetic")
                    }
                }
            }
            for batch in [1, 4, 16] {
                for len in [16, 100, 512, 2048, 8192] {
                    let op = MeasuredKernel.Op.prefillAttention(batch: batch, length: len, heads: h, kvHeads: hkv,
                                                                  headDim: 128, elementBytes: 2)
                    prefill.append("\(gpu.label),\(gpu.backend),1,bf16,bf16,\(batch),\(len),\(h),\(hkv),128,\(us(op)),0,synthetic")
                }
            }
        }
        var allReduce = ["gpu,algorithm,backend,version,variant,dtype,gpus,bytes,latency_us,busbw_gbps"]
        for gpus in [2, 4, 8] {
            for power in stride(from: 8, through: 28, by: 1) {
                let bytes = Double(1 << power)
                allReduce.append("\(gpu.label),custom,\(gpu.backend),1,\(gpu.customVariant),bf16,\(gpus),\(Int(bytes)),"
                                 + us(.allReduce(gpus: gpus, bytes: bytes, custom: true)) + ",0")
                allReduce.append("\(gpu.label),nccl,nccl,1,nccl-tests all_reduce_perf,fp16,\(gpus),\(Int(bytes)),"
                                 + us(.allReduce(gpus: gpus, bytes: bytes, custom: false)) + ",0")
            }
        }
        var collectives = ["gpu,version,collective,dtype,gpus,bytes,latency_us"]
        for collective in NCCLCollective.allCases {
            for gpus in [2, 4, 8] {
                for power in stride(from: 9, through: 29, by: 1) {
                    let bytes = Double(1 << power)
                    collectives.append("\(gpu.label),1,\(collective.rawValue),fp16,\(gpus),\(Int(bytes)),"
                                       + us(.ncclCollective(collective, gpus: gpus, bytes: bytes)))
                }
            }
        }
        var moe = ["gpu,backend,version,dtype,num_tokens,hidden_size,inter_size,topk,num_experts,moe_tp_size,moe_ep_size,"
                   + "distribution,latency_us,kernel_source"]
        for (h, f, k, e) in [(4096, 14336, 2, 8), (6144, 16384, 2, 8), (4096, 1536, 8, 128), (2048, 768, 8, 128)] {
            for (tp, ep) in [(1, 1), (2, 1), (1, 4)] {
                for dtype in ["bf16", "fp8"] {
                    for tokens in [1, 4, 16, 64, 256, 1024, 4096, 16384] {
                        let op = MeasuredKernel.Op.moe(tokens: tokens, hidden: h, inter: f, topk: k, experts: e, tp: tp, ep: ep,
                                                       fp8: dtype == "fp8")
                        for distribution in ["balanced", "power_law_1.01"] {
                            moe.append("\(gpu.label),\(gpu.moeBackend ?? "none"),1,\(dtype),\(tokens),\(h),\(f),\(k),\(e),\(tp),\(ep),"
                                       + "\(distribution),\(us(op)),synthetic")
                        }
                    }
                }
            }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, lines) in [("aic_gemm.csv", gemm), ("aic_decode_attention.csv", decode),
                              ("aic_prefill_attention.csv", prefill), ("aic_allreduce.csv", allReduce), ("aic_moe.csv", moe),
                              (AIConfiguratorTables.otherCollectivesFile, collectives)] {
            try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent(name), atomically: true,
                                                             encoding: .utf8)
        }
    }
}
