#!/usr/bin/env bash
# How the attack benchmarks scale with libtorch's intra-op threads: runs `invwb bench` for dlg,
# inverting-gradients, edict and gmi at each thread count, then the plain-PyTorch baselines of dlg and
# inverting-gradients at the same counts. One JSON line per setting (each carries "threads"), on
# stdout and appended to the output file.
#
#   tools/thread_scaling.sh [OUT.jsonl] [THREADS...]        (default threads: 1 2 4 8 and the core count)
#
# INVWB (default ./invwb) and PYTHON (default /usr/bin/python3, which must have torch) choose the programs.
set -uo pipefail

out="${1:-thread-scaling.jsonl}"
shift || true
cores="$(nproc)"
threads=("$@")
if [[ ${#threads[@]} -eq 0 ]]; then
  threads=(1 2 4 8)
  if (( cores > 8 )); then threads+=("$cores"); fi
fi
invwb="${INVWB:-./invwb}"
python="${PYTHON:-/usr/bin/python3}"
here="$(cd "$(dirname "$0")" && pwd)"

record() {
  grep '^{' | tee -a "$out"
}

echo "# $(date -u +%FT%TZ) cores=$cores threads=${threads[*]}" >&2
for t in "${threads[@]}"; do
  opts="-Dinvwb.threads=$t"
  INVWB_JAVA_OPTS="$opts" "$invwb" bench dlg --evaluations 40 --warm-up 10 | record
  INVWB_JAVA_OPTS="$opts" "$invwb" bench inverting-gradients --evaluations 3 --warm-up 1 | record
  INVWB_JAVA_OPTS="$opts" "$invwb" bench edict --evaluations 20 --warm-up 4 | record
  INVWB_JAVA_OPTS="$opts" "$invwb" bench gmi --evaluations 200 | record
done
for t in "${threads[@]}"; do
  "$python" "$here/bench_dlg_torch.py" 1000 "$t" | record
  "$python" "$here/bench_ig_torch.py" 3 "$t" cpu 1 8 | record
done
