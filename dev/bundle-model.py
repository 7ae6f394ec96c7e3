#!/usr/bin/env python3
"""Bundle a `genzoo train` artifact as a pretrained variant of its module.

usage: dev/bundle-model.py ARTIFACT MODULE FULL_EVAL.json SUBSET_EVAL.json SOURCE_COMMIT [BATCH] [--drop ROLE,...]
                             [--log TRAINING_LOG]

FULL_EVAL.json and SUBSET_EVAL.json are the `--json` outputs of `genzoo evaluate ARTIFACT` on the
full test split and with `--bundled` (the 1,000 bundled test images). Their metrics go onto the
card: the full-split ones under their own names, the subset ones as `subset_<name>`, which the CI
test (PretrainedCardsTest) recomputes from the bundled weights. SOURCE_COMMIT is the commit (or "keep") the
training jars were built from (long runs use a frozen copy of the jars, so the tree's HEAD at start
can be later). BATCH: the run's batch size, for cards written before the card recorded it.
Network zips are copied byte for byte: their SHA-256 on the card stays valid. --drop leaves the
named networks out of the bundle and off the card (a model whose restorer can do without them:
StyleGAN's live generator, whose moving average makes every sample).
The run's compacted metrics log, training-log.jsonl (genzoo train writes it into the artifact when
the run kept a log; `genzoo curves metrics.jsonl --compact 200 --out F` makes one for an older
artifact, given with --log), is bundled beside the card for the gallery's training curve.
"""
import json, shutil, sys, pathlib

args = sys.argv[1:]
drop = set()
if "--drop" in args:
    i = args.index("--drop")
    drop = set(args[i + 1].split(","))
    del args[i:i + 2]
log = None
if "--log" in args:
    i = args.index("--log")
    log = pathlib.Path(args[i + 1])
    del args[i:i + 2]
art, module, full, subset, commit = args[0:5]
batch = int(args[5]) if len(args) > 5 else None
art = pathlib.Path(art)
card = json.loads((art / "model-card.json").read_text())
name, variant = card["name"], card["variant"]
full = json.loads(pathlib.Path(full).read_text())
subset = json.loads(pathlib.Path(subset).read_text())
if not subset["dataset"].endswith("-bundled-1000"):
    sys.exit("the subset evaluation must be on the bundled images (--bundled), found " + subset["dataset"])
if full["dataset"].endswith("-bundled-1000"):
    sys.exit("the full evaluation must be on the full test split")
for k, m in full["metrics"].items():
    card["metrics"][k] = m
for k, m in subset["metrics"].items():
    card["metrics"]["subset_" + k] = {"value": m["value"],
        "protocol": "on the 1,000 bundled test images (genzoo evaluate --bundled): " + m["protocol"]}
if commit != "keep":
    card["provenance"]["sourceCommit"] = commit
if batch is not None:
    card["provenance"]["batchSize"] = batch
if "batchSize" not in card["provenance"]:
    sys.exit("the card does not record the batch size; pass BATCH")
for f in [f for f, e in card["files"].items() if e["network"] in drop]:
    del card["files"][f]
dest = pathlib.Path(module) / "src/main/resources/genzoo/models" / name / variant
dest.mkdir(parents=True, exist_ok=True)
for f in card["files"]:
    if (art / f).resolve() != (dest / f).resolve():  # re-evaluating a bundled variant in place
        shutil.copyfile(art / f, dest / f)
log = log or (art / "training-log.jsonl")
if log.is_file():
    lines = log.read_text().splitlines()
    if not lines or not all(json.loads(l).get("event") == "step" for l in lines if l):
        sys.exit(f"{log} is not a compacted training log (genzoo curves LOG --compact 200 --out FILE)")
    if log.resolve() != (dest / "training-log.jsonl").resolve():
        shutil.copyfile(log, dest / "training-log.jsonl")
(dest / "model-card.json").write_text(json.dumps(card, indent=2) + "\n")
print(f"bundled {name}:{variant} -> {dest} ({sum((dest / f).stat().st_size for f in card['files']) / 1e6:.1f} MB)")
