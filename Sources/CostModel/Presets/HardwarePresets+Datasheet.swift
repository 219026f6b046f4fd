/// The PCIe GPUs (L4, A40, A10G): their datasheets' figures and the shared defaults
/// (``HardwarePresets`` says where each default comes from); the A40's GEMM and elementwise
/// figures are fitted on the Vidur profile of the A40, the others have no public kernel table
/// in the repository.
extension HardwarePresets {
    static let datasheetTables: [String: String] = [
        "l4": """
            # NVIDIA L4 24GB. Datasheet: nvidia.com/en-us/data-center/l4/
            name = "l4"
            peak_tflops = 121.0           # FP16/BF16 Tensor Core, dense (242 with sparsity)
            peak_tflops_fp8 = 242.5       # FP8, dense (485 with sparsity)
            peak_tops_int8 = 242.5       # INT8, dense (485 with sparsity)
            hbm_bandwidth_gbs = 300.0     # GDDR6
            memory_gb = 24.153            # 1e9 bytes: 23,034 MiB as the driver reports it
            link_bandwidth_gbs = 32.0     # PCIe Gen4 x16, per direction
            link_latency_us = 10.0
            idle_watts = 16.0
            max_watts = 72.0              # max power
            cost_per_hour = 0.80          # AWS g6.xlarge on-demand, us-east-1
            compute_efficiency = 0.7
            memory_efficiency = 0.8
            kernel_launch_us = 4.0
            link_efficiency = 0.8
            \(elementwiseFromA100)
            """,
        "a40": """
            # NVIDIA A40 48GB (Ampere GA102, PCIe). Figures: NVIDIA A40 datasheet (nvidia.com,
            # "NVIDIA A40 Data Center GPU for Visual Computing", 2021).
            name = "a40"
            peak_tflops = 149.7           # BF16/FP16 Tensor Core, dense (299.4 with sparsity)
            peak_tops_int8 = 299.3        # INT8 Tensor Core, dense
            hbm_bandwidth_gbs = 696.0     # GDDR6 with ECC
            memory_gb = 48.305            # 1e9 bytes: 46,068 MiB as the driver reports it
            l2_cache_mb = 6.0             # GA102: 6,144 KB L2 (NVIDIA Ampere GA102 GPU Architecture whitepaper)
            link_bandwidth_gbs = 56.25    # NVLink bridge between two cards: 112.5 GB/s both directions
            link_latency_us = 10.0
            idle_watts = 30.0
            max_watts = 300.0
            cost_per_hour = 0.40          # typical on-demand A40 (community clouds, 2024-25)
            link_efficiency = 0.8
            # GEMM and elementwise figures fitted on the Vidur profile of the A40 (data/kernels/vidur-a40,
            # microsoft/vidur, MIT, PyTorch eager, one layer's ops at TP 1-8): GEMMs by `simserve calibrate
            # --from data/kernels/vidur-a40 --hardware a40 --fit-on Llama-2-7b-hf.mlp.csv`, elementwise by
            # `... --elementwise` on the two Llama-2 files; the other files held out (VALIDATION.md, "A40").
            compute_efficiency = 0.785
            memory_efficiency = 0.851
            kernel_launch_us = 2.79
            roofline_sharpness = 1.58
            \(elementwiseA40)
            kernel_data = "measured: Vidur profile A40 (GEMMs, elementwise; PyTorch eager); attention and collectives datasheet-scaled"
            """,
        "a10g": """
            # NVIDIA A10G 24GB (AWS G5). Figures: baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/
            name = "a10g"
            peak_tflops = 70.0            # FP16 Tensor Core, dense (the A10 has 125)
            peak_tops_int8 = 140.0       # estimate: the A10's 2:1 int8:fp16 ratio (250:125) on the A10G's 70
            hbm_bandwidth_gbs = 600.0     # GDDR6
            memory_gb = 24.147            # 1e9 bytes: 23,028 MiB as the driver reports it
            link_bandwidth_gbs = 32.0     # PCIe Gen4 x16, per direction
            link_latency_us = 10.0
            idle_watts = 25.0
            max_watts = 300.0
            cost_per_hour = 1.006         # AWS g5.xlarge on-demand, us-east-1
            compute_efficiency = 0.7
            memory_efficiency = 0.8
            kernel_launch_us = 4.0
            link_efficiency = 0.8
            \(elementwiseFromA100)
            """,
    ]
}
