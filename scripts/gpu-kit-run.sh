#!/bin/sh
# GAN Studio GPU kit: WebGPU self-test, then the bench against PyTorch CUDA, on a Linux x64 machine with no Node and
# no network. Needs: glibc ≥ 2.34, a GPU driver with Vulkan (NVIDIA: its libnvidia-gl / Vulkan ICD), and for the
# comparison /usr/bin/python3 with PyTorch (CUDA). VK_ICD_FILENAMES is honoured (a software adapter: SwiftShader).
#   ./run.sh            cgan28 cgan64 cyclegan64, each on webgpu (with torch) and on wasm; table at the end
#   ./run.sh --smoke    the self-test and cgan28 for 1 step: checks the kit itself (e.g. on a software adapter)
#   ./run.sh WORKLOAD…  only those workloads
set -u
KIT=$(cd "$(dirname "$0")" && pwd)
NODE="$KIT/node"
export GAN_STUDIO_DAWN_NODE="$KIT/dawn.node"              # Dawn's addon, loaded without the npm package
export GAN_STUDIO_KIT_LIB="$KIT/lib"                      # Vulkan loader (Debian's libvulkan1) when the system has none
export GAN_STUDIO_TORCH_REFERENCE="$KIT/torch_reference.py"
export GAN_STUDIO_TORCH_DEVICE="${GAN_STUDIO_TORCH_DEVICE:-cuda}"
export GAN_STUDIO_HOME="${GAN_STUDIO_HOME:-$KIT/home}"
RESULTS="$KIT/results.jsonl"

STEPS=""
if [ "${1:-}" = "--smoke" ]; then
  shift
  set -- cgan28
  STEPS="--steps 1 --warmup 0"
fi
[ "$#" -gt 0 ] || set -- cgan28 cgan64 cyclegan64

"$NODE" --version >/dev/null 2>&1 || { echo "run.sh: $NODE does not run here (needs Linux x64, glibc ≥ 2.28)" >&2; exit 1; }
[ -e /proc/driver/nvidia/version ] && echo "NVIDIA driver: $(sed -n 's/.*Kernel Module[^0-9]*\([0-9.]*\).*/\1/p' /proc/driver/nvidia/version | head -1)" >&2

echo "== GPU tests: kernel and gradient parity, webgpu against cpu" >&2
status=0
"$NODE" "$KIT/gan-kit.mjs" selftest --backend webgpu >"$KIT/selftest.jsonl" || status=1
cat "$KIT/selftest.jsonl"
[ "$status" = 0 ] && tail -n 1 "$KIT/selftest.jsonl" | grep -q '"ok":true' || { echo "run.sh: the GPU tests failed (see $KIT/selftest.jsonl); the bench is not run" >&2; exit 1; }

: >"$RESULTS"
LINE="$KIT/.line.json"
# one bench invocation: its line is shown and kept; a failure (exit code) is remembered, the next one still runs
bench() {
  "$NODE" "$KIT/gan-kit.mjs" bench "$@" >"$LINE" || status=1
  cat "$LINE"
  cat "$LINE" >>"$RESULTS"
}
for w in "$@"; do
  echo "== bench $w on webgpu, with the PyTorch reference ($GAN_STUDIO_TORCH_DEVICE)" >&2
  # shellcheck disable=SC2086
  bench "$w" --backend webgpu --vs-torch $STEPS
  echo "== bench $w on wasm (the CPU baseline)" >&2
  # shellcheck disable=SC2086
  bench "$w" --backend wasm $STEPS
done
rm -f "$LINE"
"$NODE" "$KIT/gan-kit.mjs" summary "$RESULTS" "$KIT/selftest.jsonl"
exit $status
