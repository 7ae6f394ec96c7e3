#!/usr/bin/env bash
# The one-class anomaly-detection benchmark (Ruff et al. 2018's protocol): for each class K, train a
# model on the training images of class K only, score every test image, and report the AUROC of
# telling the other nine classes from K; then the mean over the ten classes.
#
# usage: dev/one-class-auroc.sh DATASET OUTDIR [MODEL] [EPOCHS] [extra genzoo train args...]
#   e.g. dev/one-class-auroc.sh fashion-mnist out/oc-fashion autoencoder 50
# Uses $GENZOO (default ./genzoo). Writes OUTDIR/class-K (artifacts), OUTDIR/class-K.json and
# OUTDIR/summary.json; an existing class-K.json is kept (the run can be resumed).
set -euo pipefail
ds=$1 out=$2 model=${3:-autoencoder} epochs=${4:-50}
shift $(( $# < 4 ? $# : 4 ))
gz=${GENZOO:-./genzoo}
mkdir -p "$out"
for k in 0 1 2 3 4 5 6 7 8 9; do
  [ -s "$out/class-$k.json" ] && continue
  $gz train "$model" --dataset "$ds" --only-class $k --epochs "$epochs" --batch 128 --seed 42 --quiet \
      --overwrite --out "$out/class-$k" "$@" > "$out/class-$k.train.txt"
  $gz anomaly "$out/class-$k" --dataset "$ds" --normal-class $k --json > "$out/class-$k.json.tmp"
  mv "$out/class-$k.json.tmp" "$out/class-$k.json"
done
python3 - "$out" "$ds" "$model" "$epochs" <<'PY'
import json, sys, pathlib
out, ds, model, epochs = sys.argv[1:5]
rows = [json.loads((pathlib.Path(out) / f"class-{k}.json").read_text()) for k in range(10)]
auroc = [r["auroc"] for r in rows]
summary = {"dataset": ds, "model": model, "epochs": int(epochs), "auroc_per_class": auroc,
           "mean_auroc": sum(auroc) / len(auroc), "protocol": rows[0]["protocol"].split(";", 1)[1].strip()
           + "; one model per normal class, trained on that class of the training split; mean over classes 0-9"}
(pathlib.Path(out) / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
print(f"{ds} {model}: mean one-class AUROC {100 * summary['mean_auroc']:.1f} over 10 classes; per class "
      + " ".join(f"{100 * a:.1f}" for a in auroc))
PY
