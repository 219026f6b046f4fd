#!/usr/bin/env bash
# Prints the VALIDATION.md section on the project's own H200 measurements
# (data/kernels/h200-own: PyTorch 2.11 kernels on one H200, 2026-12-04; README there):
# the elementwise figures fitted on two models' files and held out on two, the kernel tables
# (wholly held out) and the sustained power. Called by validation-report.sh; $SIMSERVE is the binary.
set -euo pipefail
BIN=${SIMSERVE:-.build/release/simserve}
DATA=data/kernels/h200-own
# The h200 preset's power figures (HardwarePresets.swift), W: idle, busy, compute, memory,
# decode attention, limit, prefill attention.
POWER=75,253,514,161,273,700,203
# The elementwise fit's tables on one of the layer-op folders: fitted on the Llama-3 files, held
# out on the others.
elementwise_fit() {
  "$BIN" calibrate --from "$DATA/$1" --hardware h200 --elementwise \
    --fit-on Meta-Llama-3-8B.mlp.csv,Meta-Llama-3-70B.mlp.csv | sed -n '/^| kernel/,/^All held-out/p'
}
echo "## Own measurements on H200 (\`data/kernels/h200-own\`)"
echo
echo "Measured by the project on one lent H200 (PyTorch 2.11.0+cu130, random bf16 weights, CUDA-graph replay,"
echo "weights and KV cold in L2; method and doubts in \`$DATA/README.md\`, script \`scripts/device/measure-h200.py\`)."
echo
echo "### Elementwise kernels on H200 (\`simserve calibrate --elementwise\`)"
echo
echo "The ops through \`torch.compile\` (Inductor's Triton kernels, what vLLM V1 runs for them), embedding"
echo "gather eager. **Split: fitted on \`Meta-Llama-3-8B\` (TP 1) and \`Meta-Llama-3-70B\` (TP 1, 2, 4, 8);"
echo "held out on \`Llama-2-7b-hf\` and \`Qwen2.5-32B\` (TP 1, 2).** The fitted keys are the h200 preset's"
echo "(h100-sxm carries them over). The last column is the h200 preset as it now ships; before this"
echo "fit both GPUs carried A100 figures over: held-out MAPE emb 234 %, norms 61 %, rope 25 %, SiLU·gate"
echo "90 %, add 64 %. Efficiencies above 1 are in-L2 rates (\`l2_cache_mb\` 62.9: the 60 MiB the device reports)."
echo
elementwise_fit layer-ops-compiled
echo
echo "Where it breaks: the rotary kernel on Llama-2-7B (MHA: q and k of equal width) runs faster per byte"
echo "than on the GQA shapes it was fitted on (46 % plain MAPE on that file, 17 % time-weighted); the"
echo "embedding gather's fixed time and row rate leave 19 % at every width. Inductor tunes its kernels at the"
echo "token count it first compiles for (data/kernels/h200-own/README.md): these rows are of kernels tuned at"
echo "8,192 tokens, as vLLM's are; tuned at 2 tokens, the same add ran at half the rate."
echo
echo "**The same ops eager** (\`layer-ops-eager\`: PyTorch's own kernels one op at a time — \`F.rms_norm\`, NeoX"
echo "rotary as vLLM's \`forward_native\`, \`F.silu(x) * y\`, the residual add, \`F.embedding\`): the h200 preset's"
echo "\`eager_elementwise\` set, which the \`pytorch\` engine runs (\`eager_elementwise = true\`); same split. The last"
echo "column is the fused set above on these rows (what the \`pytorch\` engine ran on h200 before this set):"
echo
elementwise_fit layer-ops-eager
echo
echo "Eager rotary is a dozen small kernels (36 µs of fixed time a call); eager SiLU·gate slices, activates"
echo "and multiplies at 0.29 of HBM bandwidth; RMSNorm (\`F.rms_norm\`) streams at 0.76 where Inductor's fused kernel reaches 1.2 (in L2)."
echo
echo "### Kernel tables on H200 (\`simserve validate kernels --all-held-out\`)"
echo
echo "GEMMs through cuBLAS (bf16 \`F.linear\`; fp8 \`torch._scaled_mm\`, per-tensor scales, inputs already in"
echo "fp8); attention through \`F.scaled_dot_product_attention\` with FlashAttention-2 (\`torch-flash\`) or"
echo "cuDNN (\`torch-cudnn\`). The h200 preset was fitted on aiconfigurator's vLLM rows (FlashAttention-3,"
echo "CUTLASS fp8 with the activation's quantisation), so these are other kernels of the same GPU, wholly held"
echo "out — except FlashAttention-2's rows: the h200 preset's \`flash_attention_2\` figures (the attention library"
echo "of engines with \`attention_library = \"flash-attention-2\"\`: the \`pytorch\` preset, plain PyTorch) are fitted"
echo "on its rows of the FIT head shapes of \`KernelSplitRule\` and held out on (32, 8) and (8, 1)"
echo "(\`simserve calibrate --from-kernels $DATA --gpu h200 --attention-library flash-attention-2 --hold"
echo "prefill_attention_per_sequence_us=0 --hold prefill_attention_per_tile_head_ns=0\`: one sequence per prefill"
echo "row, so those two terms are held, else unidentified). The \`torch-flash\` rows below are timed by those figures:"
echo
echo "| attention backend | kind | split | n | MAPE (wMAPE) | bias |"
echo "|---|---|---|---:|---:|---:|"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for b in torch-flash torch-cudnn; do
  "$BIN" validate kernels --data "$DATA" --gpu h200 --backend "$b" --gemm-backend torch --all-held-out \
    --markdown "$tmp" >/dev/null 2>&1
  awk -F'|' -v b="$b" '/^\| H200-SXM/ {
      kind=$4; gsub(/ /, "", kind)
      if (b == "torch-cudnn" && kind ~ /^gemm/) next
      part=$5; gsub(/ /, "", part)
      printf "| %s | %s | %s |%s|%s|%s|\n", (kind ~ /^gemm/ ? "—" : b), kind, part, $6, $7, $8 }' "$tmp"
done
echo
echo "- bf16 GEMMs (cuBLAS, as vLLM runs them) are within the 10 % goal: predicted within ±2 % up to"
echo "  m = 128, then too fast by up to 14 % at m = 16,384, where these GEMMs ran at the 700 W cap"
echo "  (1,440–1,470 MHz in \`power.csv\`)."
echo "- fp8: the preset's fp8 form includes vLLM's per-token quantisation of the activation (a fixed"
echo "  ~6 µs and its bytes); these rows time the GEMM alone, so the model is 21–47 % slower. The"
echo "  model's GEMM without the quantisation against the same rows (\`simserve validate mamf --data"
echo "  $DATA/gemm.csv --summary\`, the fp8 section of \"Dense GEMMs against MAMF\"): 13 % mean absolute."
echo "- Attention: FlashAttention-2's prefill runs at about half of FlashAttention-3's rate (prefill efficiency"
echo "  0.35 of the bf16 peak against the preset's 0.65; timed by the GPU's own figures the rows were 38 % fast,"
echo "  held out 38 → 9.6 % with the library's); cuDNN's fused attention is FA3-class (610–650 TFLOP/s at"
echo "  8k–32k tokens) and the preset's own figures time it within 6 % time-weighted, 19 % plain (short"
echo "  sequences). Decode: FA2's split-KV kernel streams this [token, head, dim] KV at 0.66 of HBM peak (FA3's"
echo "  paged kernel: 0.90) with less fixed time (6 µs, floor 8.8 µs); held out 24 → 16 %, still above the goal:"
echo "  its error has no single trend (MAPE 19 % at one sequence, 11 % at 256; 27 % at 16k tokens, 8 % at"
echo "  512): FA2 chooses its number of KV splits from the batch, heads and SMs, which the form's smooth"
echo "  rate-by-work-units does not follow. A prototype with that choice (FA2's \`num_splits_heuristic\` over"
echo "  2 × 132 SMs, 128-token KV blocks, a per-block latency path beside the streaming, a combine step when"
echo "  split; fitted the same way, scipy, not shipped) held out 11.8 % here and 15.9 % (from 17.0 %) on"
echo "  A100's vLLM decode rows: not adopted for a few points' gain at a per-call loop on the hot path."
echo "  Prefill's few-head shapes ran slower than its rate on many heads (8/1 at 1k–8k tokens: −24 … −36 %"
echo "  without a term for it): FA2's grid has one thread block per query tile and head, and with 8 heads too"
echo "  few blocks fill the 132 SMs. The library's figures stretch the compute time by 1 + u₀ / (query tiles ×"
echo "  heads) (\`prefill_attention_half_rate_units\`, u₀ = 223 ± 33 blocks, fitted with the rest; a term the"
echo "  GPUs' own forms do not use, fitted only for a library): prefill held out 13.5 → 9.6 %, fit 10.5 → 5.2 %."
echo
echo "### Whole steps on H200 (\`steps.csv\`, held out)"
echo
echo "A Llama-3.1-8B-shaped model in plain PyTorch (random weights, one CUDA graph per step; eager unfused"
echo "elementwise ops, FlashAttention-2 decode, cuDNN prefill attention, cuBLAS GEMMs) against the sum of"
echo "the same step's kernels measured alone (the tables above; lm_head, embedding, KV writes and argmax"
echo "left out of the sum) and against \`simserve cost --engine none\` (kernels only; simserve models"
echo "vLLM's fused elementwise kernels and FlashAttention-3), with the power of 2.5 s of back-to-back steps"
echo "and what the h200 preset's power model gives the simulated step (\`scripts/device/step-breakdown.py\`):"
echo
cost_dir=$(mktemp -d)
for b in 1 8 32 64 128 256; do "$BIN" cost --model llama-3.1-8b --hardware h200 --decode "${b}x1024" --engine none --json > "$cost_dir/cost-$b.json"; done
"$BIN" cost --model llama-3.1-8b --hardware h200 --decode 64x4096 --engine none --json > "$cost_dir/cost-64-4096.json"
"$BIN" cost --model llama-3.1-8b --hardware h200 --decode 16x8192 --engine none --json > "$cost_dir/cost-16-8192.json"
for t in 512 2048 8192; do "$BIN" cost --model llama-3.1-8b --hardware h200 --prefill "$t@0" --engine none --json > "$cost_dir/cost-p$t.json"; done
for b in 1 8 32 64 128 256; do "$BIN" cost --model llama-3.1-8b --hardware h200 --decode "${b}x1024" --engine pytorch --json > "$cost_dir/pytorch-cost-$b.json"; done
"$BIN" cost --model llama-3.1-8b --hardware h200 --decode 64x4096 --engine pytorch --json > "$cost_dir/pytorch-cost-64-4096.json"
"$BIN" cost --model llama-3.1-8b --hardware h200 --decode 16x8192 --engine pytorch --json > "$cost_dir/pytorch-cost-16-8192.json"
for t in 512 2048 8192; do "$BIN" cost --model llama-3.1-8b --hardware h200 --prefill "$t@0" --engine pytorch --json > "$cost_dir/pytorch-cost-p$t.json"; done
python3 scripts/device/step-breakdown.py "$DATA" "$cost_dir" "$POWER"
rm -rf "$cost_dir"
echo
echo "- The kernels measured alone account for 87–98 % of each measured step (the rest: lm_head, KV writes,"
echo "  embedding, argmax and graph replay)."
echo "- GEMMs inside the step: simserve gives 0.90–1.00 of the measured (the largest gap at 256 sequences"
echo "  and 8,192-token prefill, which run at the 700 W cap with lowered clocks)."
echo "- The rest of the gap is the engine, not the GPU model: PyTorch's eager elementwise ops take 1.5–2.5 ms"
echo "  of a decode step (simserve's fused figures 0.06–0.3 ms) and FlashAttention-2's decode takes 1.0–1.6×"
echo "  the FlashAttention-3 time the preset models; prefill attention (cuDNN, FA3-class) is within 6 % at"
echo "  2,048 and 8,192 tokens, 1.6× slow at 512."
echo "- The \`pytorch\` engine (the last column: the h200 preset's eager elementwise set and FlashAttention-2"
echo "  figures, both fitted on the project's own rows of other shapes and models, kernels launched without"
echo "  CUDA graphs) gives 0.82–1.10 of each measured step (decode at 1–32 sequences 0.94–1.00, prefill"
echo "  0.97–1.03): the engine these steps ran. Below the measured at 128–256 sequences and 64 × 4,096 (0.82–0.88),"
echo "  steps that ran at the 700 W cap with lowered clocks; at 16 × 8,192 above (1.10: FA2's decode at 8k–16k"
echo "  tokens is where its held-out error is largest); the prefill steps ran cuDNN's attention, the column FA2's."
echo "- Back to back under the limit (the last column: the simulator's clock in its steady state, as the"
echo "  measured steps ran) the prefill steps come out 9–13 % slower than at full clock (÷ measured 0.78 →"
echo "  0.85–0.88), decode at 256 sequences 13 % and at 128 2 %; the smaller decode steps stay under the"
echo "  limit. What remains is the engine's part (eager elementwise ops, FlashAttention-2 decode)."
echo "- Power (held out): every decode step within −4 to +10 % and prefill at the cap (+1 to +4 %). Without"
echo "  decode attention's own term (fitted on three kernel rows below), decode steps of 32 sequences and more"
echo "  came out 496–580 W against 557–693 W measured (−11 to −26 %), the shortfall ML.ENERGY's H100"
echo "  Llama-3.1-8B rows show too (690 W measured at batch ≥ 192; section \"Power and energy\")."
echo
echo "### Sustained power on H200 (held out, \`scripts/fit-power.py\`)"
echo
echo "Average power from NVML's energy counter over ≥ 2.5 s of back-to-back replays, against the h200"
echo "preset's GPUPowerModel: idle 75 W + busy 253 W + 514 W × tensor activity + 161 W × HBM activity (fitted"
echo "on aiconfigurator's per-kernel power) + 273 W × decode attention's share of the time + 203 W × prefill"
echo "attention's share, capped at 700 W. The two attention terms are fitted here: the mean shortfall of the"
echo "other terms on the three decode-attention rows and on the two prefill-attention rows (**fit**; they ran at"
echo "the cap, so each is a lower bound); the GEMM rows, the whole steps above and ML.ENERGY are held out. Measured idle draw: $(awk -F, '$4=="idle" {print $10}' "$DATA/power.csv") W (the preset: 75 W)."
echo
echo "| kernel | shape | tensor activity | HBM activity | SM MHz | measured W | predicted W | error |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
awk -F, -v power="$POWER" 'BEGIN { split(power, P, ",") }
NR > 1 && $4 != "idle" {
  split($6, kv, ";"); delete p
  for (i in kv) { split(kv[i], a, "="); p[a[1]] = a[2] }
  t = $7 * 1e-6
  if ($4 == "gemm") { f = 2 * p["m"] * p["n"] * p["k"]; by = 2 * (p["k"] * p["n"] + p["m"] * p["k"] + p["m"] * p["n"]) }
  else if ($4 == "decode_attention") { f = 4 * p["b"] * p["q_heads"] * p["hd"] * p["kv_len"]; by = 2 * p["b"] * p["kv_len"] * p["kv_heads"] * p["hd"] * 2 + p["b"] * 2 * p["q_heads"] * p["hd"] * 2 }
  else { f = 2 * p["b"] * p["q_heads"] * p["seq_len"] * p["seq_len"] * p["hd"]; by = p["b"] * p["seq_len"] * (2 * p["q_heads"] + 2 * p["kv_heads"]) * p["hd"] * 2 }
  ac = f / t / 989.4e12; am = by / t / 4800e9
  w = P[1] + P[2] + P[3] * ac + P[4] * am + ($4 == "decode_attention" ? P[5] : 0) + ($4 == "prefill_attention" ? P[7] : 0); if (w > P[6]) w = P[6]
  printf "| %s%s | %s | %.2f | %.2f | %d | %.0f | %.0f | %+.1f %% |\n", $4, ($4 == "gemm" ? "" : " (fit)"), $6, ac, am, $12, $10, w, 100 * (w - $10) / $10
}' "$DATA/power.csv"
echo
echo "Large GEMMs are matched at the cap (±3 %). Every other kernel held back to back here drew 664–695 W:"
echo "decode attention at 0.5–0.6 HBM activity (SM clocks lowered to 1,665–1,725 MHz by the cap), GEMVs at"
echo "0.8 and FlashAttention-2's prefill at 0.3 tensor activity, where the tensor and HBM terms give 410–570 W."
echo "Decode attention keeps every SM busy on the CUDA cores (softmax, loads), which neither activity sees:"
echo "hence its own term. FlashAttention-2's prefill does the same (softmax and rescaling beside its tensor"
echo "work): its own term since this stop. The GEMV rows stay 18–26 % low (held out): the same kind of SM work"
echo "outside the tensor cores, not modelled. On the whole steps above the term lifts decode at 32–256"
echo "sequences from −11…−26 % to −4…+2 %; on ML.ENERGY (section \"Power and energy\") the rows within 20 %"
echo "of measured J/token rose from 61 to 66 of 88 (H100 Llama-3.1-8B: mean |error| 28 → 21 %)."
echo "The two sources of kernel power disagree here: on aiconfigurator's 115 H200 decode-attention rows"
echo "(≥ 200 µs; median 431 W) the term raises the MAPE from 16.5 % to 57 % (all over). Those rows are short"
echo "replays read through NVML's power reading; these are ≥ 2.5 s of back-to-back replays read from its"
echo "energy counter, and the two independent whole-serving checks (these steps, ML.ENERGY) side with them."
echo "\`power_windows.csv\` shows why short replays under-read: after 2 s idle, NVML's reading at the end of"
echo "0.05–0.2 s of decode attention, a large GEMM or a GEMV says 126–213 W while the energy counter says"
echo "468–820 W over the same window; from 1 s on the two agree within 8 %."
