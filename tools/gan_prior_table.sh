#!/usr/bin/env bash
# The table of docs/results/gan-prior-gradient.md: ggl, gifd and inverting-gradients (the samples in
# sample-projects/gradient, as shipped) on the same MNIST test digits through the shipped LeNet, behind no
# defense, Gaussian noise (σ 1e-2) and pruning (90 %), batch 1. Prints mean PSNR / SSIM / label accuracy per
# cell. Usage: tools/gan_prior_table.sh OUT_DIR [INDICES, default 1,2,3] [extra --set options...]
set -euo pipefail
out=$1
indices=${2:-1,2,3}
shift $(( $# >= 2 ? 2 : 1 ))
export INVWB_JAVA_OPTS=${INVWB_JAVA_OPTS:--Dinvwb.threads=1}
for spec in ggl gifd inverting-gradients-mnist; do
  ./invwb sweep "sample-projects/gradient/$spec.json" --vary client.defense=none,gaussian-noise,pruning \
    --vary data.index="$indices" --set client.noiseScale=1e-2 --set client.pruneFraction=0.9 "$@" \
    --out "$out/$spec" > /dev/null
done
python3 - "$out" <<'PY'
import csv, sys, statistics
out = sys.argv[1]
print("| method | defense | mean PSNR (dB) | per image (dB) | mean SSIM | label accuracy | mean seconds |")
print("|---|---|---|---|---|---|---|")
for spec in ["ggl", "gifd", "inverting-gradients-mnist"]:
    rows = list(csv.DictReader(open(f"{out}/{spec}/summary.csv")))
    for defense in ["none", "gaussian-noise", "pruning"]:
        r = [x for x in rows if x["client.defense"] == defense]
        p = [float(x["psnr"]) for x in r]
        print(f"| {spec} | {defense} | {statistics.mean(p):.1f} | {' / '.join(f'{v:.1f}' for v in p)} | "
              f"{statistics.mean(float(x['ssim']) for x in r):.2f} | "
              f"{statistics.mean(float(x['labelAccuracy']) for x in r):.2f} | "
              f"{statistics.mean(float(x['seconds']) for x in r):.0f} |")
PY
