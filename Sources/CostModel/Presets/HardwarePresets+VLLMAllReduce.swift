extension HardwarePresets {
    /// vLLM's all-reduce limits by group size with symmetric memory on, for SM 9.0 (H100, H200):
    /// vllm/distributed/device_communicators/all_reduce_utils.py (Apache-2.0) — the custom kernel
    /// takes a message below `CUSTOM_ALL_REDUCE_MAX_SIZES`, PyTorch's symmetric-memory kernel one
    /// up to `SYMM_MEM_ALL_REDUCE_MAX_SIZES`, through multimem from 4 GPUs (`_WORLD_SIZES_MULTIMEM`,
    /// symm_mem.py), NCCL the rest.
    static let vllmAllReduceLimitsSM90 = """
        symm_mem_custom_all_reduce_max_bytes_by_gpus = { 2 = 67108864, 4 = 33554432, 6 = 524288, 8 = 262144 }
        symm_mem_all_reduce_max_bytes_by_gpus = { 2 = 67108864, 4 = 33554432, 6 = 67108864, 8 = 67108864 }
        symm_mem_multimem_min_gpus = 4
        """

    /// The same tables for SM 10.0 (B200): the custom kernel only to 2 MiB at 2 and 4 GPUs and
    /// 1 MiB at 6 and 8, multimem from 6 GPUs (the two-shot kernel below).
    static let vllmAllReduceLimitsSM100 = """
        symm_mem_custom_all_reduce_max_bytes_by_gpus = { 2 = 2097152, 4 = 2097152, 6 = 1048576, 8 = 1048576 }
        symm_mem_all_reduce_max_bytes_by_gpus = { 2 = 8388608, 4 = 33554432, 6 = 134217728, 8 = 134217728 }
        symm_mem_multimem_min_gpus = 6
        """
}
