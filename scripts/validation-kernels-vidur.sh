#!/usr/bin/env bash
# Prints the VALIDATION.md sections on Vidur's A40 profile (the a40 preset's GEMM and elementwise figures,
# fitted on the Llama-2 files, held out on the others) and on its H100 profile (its eager elementwise and cuBLAS 12.1 GEMM figures fitted on the Llama-2 files, the rest held out).
# Called by validation-report.sh; $SIMSERVE is the binary.
set -euo pipefail
BIN=${SIMSERVE:-.build/release/simserve}
DATA=data/kernels/vidur-a40
echo "## A40: GEMMs and elementwise kernels (Vidur profile, \`$DATA\`)"
echo
echo "Data: Vidur's profile of one layer's token-level ops on the A40 (microsoft/vidur, MIT, commit"
echo "7d47513; fp16, PyTorch eager, 1–4,096 tokens, TP 1–8; README in the folder). **Split: the GEMM"
echo "terms (\`compute_efficiency\`, \`memory_efficiency\`, \`kernel_launch_us\`, \`roofline_sharpness\`)"
echo "fitted on \`Llama-2-7b-hf.mlp.csv\` alone, the elementwise figures on the two Llama-2 files;"
echo "CodeLlama-34B, InternLM-20B, Qwen-72B and phi-2 held out.** The fitted keys are the a40 preset's."
echo "Attention and collectives have no A40 table in the repo and stay datasheet-scaled. Before this"
echo "fit the preset was datasheet-scaled (0.7 of the tensor peak, 0.8 of the memory bandwidth, 4 µs"
echo "per kernel) with the A100's elementwise figures: held-out files 52–54 % plain MAPE per file"
echo "(time-weighted 17–18 %): embedding 213–222 %, norms 50–54 %, SiLU·gate 64–66 %, RoPE 67–80 %,"
echo "GEMMs 9–16 % (release build of \`b385f14\`, \`simserve validate ops --hardware a40\`); the GEMM fit"
echo "below printed 12.10 % for the held-out GEMMs with those figures (its last line now compares the"
echo "preset with itself)."
echo
echo "### GEMMs (\`simserve calibrate --from $DATA --hardware a40 --fit-on Llama-2-7b-hf.mlp.csv\`)"
echo
echo '```'
"$BIN" calibrate --from "$DATA" --hardware a40 --fit-on Llama-2-7b-hf.mlp.csv --out "$(mktemp -d)/a40.toml" \
  | sed -n '/^Fitted on/,/^  all held-out/p'
echo '```'
echo
echo "### Elementwise kernels (\`simserve calibrate --from $DATA --hardware a40 --elementwise\`)"
echo
"$BIN" calibrate --from "$DATA" --hardware a40 --elementwise | sed -n '/^Fitted on/,/^All held-out/p'
echo
echo "### Every op class per file, the a40 preset (\`simserve validate ops --hardware a40\`)"
echo
echo "Plain MAPE per op (*fit* files in italics: Llama-2-7B fits the GEMMs and, with Llama-2-70B, the"
echo "elementwise kernels; **bold** misses 10 %):"
echo
ops="emb input_layernorm attn_pre_proj attn_rope attn_post_proj post_attention_layernorm mlp_up_proj mlp_act mlp_down_proj add"
# ops_table DIR PRESET FIT_GLOB [ENGINE]: one row per DIR/*.mlp.csv of `validate ops --hardware PRESET
# --engine ENGINE` (default none), plain MAPE per op (bold above 10 %); files matching FIT_GLOB in italics.
ops_table() {
  local dir=$1 preset=$2 fit=$3 engine=${4:-none} header="| file |" rule="|---|" op f name label
  for op in $ops; do header="$header $op |"; rule="$rule---:|"; done
  echo "$header all (time-weighted) |"
  echo "$rule---:|"
  for f in "$dir"/*.mlp.csv; do
    name=$(basename "$f")
    # shellcheck disable=SC2254
    case "$name" in $fit) label="*$name*" ;; *) label="$name" ;; esac
    "$BIN" validate ops --measured "$f" --hardware "$preset" --engine "$engine" --json | python3 -c '
import json, sys
label, ops = sys.argv[1], sys.argv[2].split()
d = json.load(sys.stdin)
def cell(v):
    s = "%.1f %%" % (100 * v)
    return "**%s**" % s if v > 0.10 else s
cells = [cell(d["ops"][op]) if op in d["ops"] else "—" for op in ops]
print("| %s | %s | %s (%.1f %%) |" % (label, " | ".join(cells), cell(d["mape"]), 100 * d["mape_time_weighted"]))
' "$label" "$ops"
  done
}
ops_table "$DATA" a40 "Llama-2-*"
echo
echo "phi-2 is outside the model for its LayerNorm, GELU, three-way residual add and partial rotary"
echo "embedding, as on the A100 (section above); every other held-out op class is within 10 %. The GEMM"
echo "terms are one smooth function of the shape (as on the A100): cuBLAS's kernel choice per shape"
echo "leaves 6–9 % per file."
echo
echo "## H100-SXM on Vidur's profile (\`data/kernels/vidur-h100\`: eager elementwise and cuBLAS 12.1 GEMMs fitted on the Llama-2 files, the rest held out)"
echo
echo "The same profiler on an H100 80 GB (MIT, commit 7d47513; form factor not stated, its GEMMs reach"
echo "785 TFLOP/s, above the PCIe card's peak). Its GEMMs and the serving engines' elementwise kernels"
echo "are not fitted on it: the h100-sxm preset's GEMM terms come from aiconfigurator's vLLM rows (2026"
echo "cuBLAS, CUDA-graph replay) and its own elementwise figures are the fused kernels vLLM runs"
echo "(Inductor, measured on an H200), where Vidur times eager PyTorch ops one by one. The preset as"
echo "the serving engines run it (\`simserve validate ops --hardware h100-sxm\`; plain MAPE per op):"
echo
ops_table data/kernels/vidur-h100 h100-sxm "none"
echo
echo "- GEMMs 13–21 %: the measured ones are slower than the preset's by ~20 % at a few hundred tokens and"
echo "  more (Llama-2-70B's MLP up-projection at TP 2, 816 tokens: 627 µs measured, 497 µs predicted, 611"
echo "  against 771 TFLOP/s), the gap between two GEMM libraries on one GPU: Vidur's PyTorch of early 2024"
echo "  ran its CUDA 12.1 wheels (cuBLAS 12.1), the preset's figures are aiconfigurator's 2026 cuBLAS rows."
echo "  The preset keeps today's kernels as its own; an engine that names the older library"
echo "  (\`gemm_library = \"cublas-12.1\"\`) gets figures fitted on this profile (below)."
echo "- Elementwise ops 16–79 %: the preset models vLLM's fused kernels (one kernel per norm, RoPE in"
echo "  place, SiLU·gate fused), not eager PyTorch's; embedding −79 % (Vidur's gather takes ~200 µs at"
echo "  4,096 tokens)."
echo
echo "### The \`pytorch\` engine on it: eager elementwise ops and cuBLAS 12.1's GEMMs (\`--engine pytorch\`)"
echo
echo "An engine that runs the elementwise ops as eager PyTorch modules (\`eager_elementwise = true\`: the"
echo "\`pytorch\` preset, what Vidur's and Splitwise's profilers timed) uses the GPU's \`eager_elementwise\`"
echo "figures, and one that runs PyTorch's CUDA 12.1 wheels (\`gemm_library = \"cublas-12.1\"\`: \`pytorch\`,"
echo "\`vllm-v0.2\`, \`vllm-v0.5\`, \`vllm-v0\`) the GPU's \`cublas_12_1_gemm\` figures for its 16-bit GEMMs."
echo "h100-sxm's are both fitted on this profile's two Llama-2 files (\`simserve calibrate --from"
echo "data/kernels/vidur-h100 --hardware h100-sxm --elementwise\`, \`... --gemm-library cublas-12.1\`; **the"
echo "other four files held out**; *fit* files in italics):"
echo
ops_table data/kernels/vidur-h100 h100-sxm "Llama-2-*" pytorch
echo
echo "Elementwise kernels, the fit (the \`eager_elementwise\` keys of the h100-sxm preset):"
echo
"$BIN" calibrate --from data/kernels/vidur-h100 --hardware h100-sxm --elementwise | sed -n '/^Fitted on/,/^All held-out/p'
echo
echo "GEMMs, the fit (the \`cublas_12_1_gemm\` key of the h100-sxm preset; its memory efficiency is the"
echo "preset's own GEMM figure, 0.874 — the same HBM under either library; freed, it runs to the bound of 1"
echo "for 0.2 points of held-out error):"
echo
"$BIN" calibrate --from data/kernels/vidur-h100 --hardware h100-sxm --gemm-library cublas-12.1 \
  | sed -n '/^.cublas-12.1. on/,/^| h100-sxm.s own/p'
echo
echo "Held out, every elementwise op class of the Llama-style files is within 11 % (the worst,"
echo "InternLM-20B's post-attention norm, 10.7 %); phi-2's LayerNorm, GELU, three-way add and partial"
echo "RoPE are outside the model as on the A100 and A40. The held-out GEMMs go from 17.3 % (today's"
echo "cuBLAS) to 9.1 % (mlp_down_proj the worst, 9.0–12.2 %: cuBLAS's kernel choice per shape, as on"
echo "the A100 and A40), so per Llama-style file the held-out error falls from 34 % to 8 % (time-weighted"
echo "20–22 % → 6–7 %)."
echo "GPUs without an \`eager_elementwise\` set (every other preset) give the \`pytorch\` engine their own"
echo "figures: for the A100 and A40 those are Vidur's eager ops already."
echo
echo "## Eagerly launched all-reduce (\`simserve calibrate --eager-all-reduce\`; fitted on the DGX A100, held out on the H100s)"
echo
echo "Vidur's collective profiler calls \`torch.distributed.all_reduce\` eleven times back to back from"
echo "Python, without a CUDA graph, and records the median duration of the NCCL kernels: each GPU's kernel"
echo "runs until the last rank's has started, so small messages take tens of µs where the GPUs' own NCCL"
echo "terms (aiconfigurator's rows, NCCL under vLLM) give a few. An engine that launches its all-reduces"
echo "eagerly (the \`pytorch\` preset: what Vidur's and Splitwise's profilers ran) adds one time per"
echo "all-reduce, \`eager_all_reduce_us\`, to every all-reduce outside a CUDA graph (a decode step replayed"
echo "from a graph never pays it; the serving presets keep 0). **Split: fitted on the DGX A100 file"
echo "(\`../shared/data/vidur-profiling/network/a100_dgx.all_reduce.csv\`, single node, messages ≤ 1 MiB:"
echo "the MAPE-optimal shift, ± bootstrap) with the a100-80gb preset's NCCL terms; the pairwise-NVLink A100"
echo "and both H100 machines (\`data/kernels/vidur-h100/network\`) held out.** The fit:"
echo
A100NET=${SIMSERVE_DATA:-../shared/data/vidur-profiling}/network
"$BIN" calibrate --from "$A100NET/a100_dgx.all_reduce.csv" --from "$A100NET/a100_pairwise_nvlink.all_reduce.csv" \
  --hardware a100-80gb --eager-all-reduce | sed -n '/^Fitted on/,/^| \*\*held-out/p'
echo
echo "Held out on the H100s (the h100-sxm preset's NCCL terms, the \`pytorch\` engine's figure above): the"
echo "same fit on the DGX H100's own rows, for comparison only (the preset does not take it):"
echo
"$BIN" calibrate --from data/kernels/vidur-h100/network/h100_dgx.all_reduce.csv \
  --from data/kernels/vidur-h100/network/h100_pairwise_nvlink.all_reduce.csv \
  --hardware h100-sxm --eager-all-reduce | sed -n '/^Fitted on/,/^| \*\*held-out/p'
echo
echo "Every H100 row through \`simserve validate allreduce --hardware h100-sxm\`, without an engine and with"
echo "the \`pytorch\` engine (plain MAPE, time-weighted, mean signed error):"
echo
echo "| file | engine | MAPE | time-weighted | bias |"
echo "|---|---|---:|---:|---:|"
for f in h100_dgx h100_pairwise_nvlink; do
  for e in none pytorch; do
    "$BIN" validate allreduce --measured "data/kernels/vidur-h100/network/$f.all_reduce.csv" --hardware h100-sxm \
      --engine "$e" | awk -v f="$f" -v e="$e" '/^overall/ { gsub(",", ""); print "| " f " | " e " | " $6 " | " $8 " | " $10 " |" }'
  done
done
echo
echo "The layer step by TP on the H100 profile (\`simserve validate tp-scaling --ops data/kernels/vidur-h100"
echo "--all-reduce data/kernels/vidur-h100/network/h100_dgx.all_reduce.csv --hardware h100-sxm\`), without an"
echo "engine, then with the \`pytorch\` engine (eager elementwise and cuBLAS 12.1 GEMM figures fitted on the"
echo "Llama-2 files, in italics; the eager all-reduce time fitted on the A100; every all-reduce held out):"
echo
"$BIN" validate tp-scaling --ops data/kernels/vidur-h100 --all-reduce data/kernels/vidur-h100/network/h100_dgx.all_reduce.csv \
  --hardware h100-sxm
echo
"$BIN" validate tp-scaling --ops data/kernels/vidur-h100 --all-reduce data/kernels/vidur-h100/network/h100_dgx.all_reduce.csv \
  --hardware h100-sxm --engine pytorch
echo
echo "- The fitted time transfers: 10.2 ± 1.7 µs on the DGX A100, 12.0 ± 2.7 µs from the DGX H100's own"
echo "  rows. On the H100 profile's layer steps it took the held-out files from 15.2 / 13.1 / 11.7 % to"
echo "  12.8 / 9.6 / 7.6 % at TP 2 / 4 / 8 (with today's GEMMs, the \`pytorch\` engine with"
echo "  \`eager_all_reduce_us = 0\`, before the H100's NCCL terms took NVLS), and the signed error of the"
echo "  isolated H100 all-reduces from −12 % to +3 %."
echo "- With cuBLAS 12.1's GEMMs as well (the table above) the held-out files are within 10 % at every TP,"
echo "  1 to 8: 6.4 / 4.5 / 5.5 / 4.2 % (6.4 / 4.5 / 4.5 / 4.2 % before NVLS)."
echo "- NCCL's NVLS and the refitted link rate (\"Kernel tables per GPU\", aiconfigurator's newer NCCL rows:"
echo "  held out 8.7 → 6.4 % on H100) move these 2023 rows both ways: without an engine the DGX H100's"
echo "  MAPE 12.8 → 12.5 % (signed −12.3 → −7.0 %), the pairwise machine's 32.6 → 28.9 %; with the"
echo "  \`pytorch\` engine's eager time the DGX's 12.5 → 15.9 % (+2.9 → +8.2 %), its four-GPU messages past"
echo "  16 MiB 4.0 → 18.7 % (+18.7 %): Vidur's NCCL of 2023 ran them ~12 % faster than the 2025 NCCL of"
echo "  aiconfigurator's rows, which the model now follows (512 MiB on four H100s: 2,300 µs measured"
echo "  there, 2,294 predicted). The layer steps at TP 4 with the engine 4.5 → 5.5 %, at TP 8 with and"
echo "  without its eager time level (4.2 / 4.0 %)."
echo "- Not closed: a small message's time is bimodal (the same size at ~7 µs or ~40 µs from one row to the"
echo "  next, on both GPUs), so one constant leaves the rows up to 1 MiB at 40–70 % MAPE whichever"
echo "  constant it is, and its plain MAPE over all the H100 rows moves little; the pairwise-NVLink H100"
echo "  machine's large messages are −26 % (a higher bus bandwidth than the DGX's, as on the A100)."
