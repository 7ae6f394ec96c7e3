#!/usr/bin/env python3
"""Register a bundled variant (after dev/bundle-model.py) and what its figures compare with.

usage: dev/register-variant.py NAME VARIANT "COMPARISON TEXT"

Adds `.optVariant(VARIANT, "classpath:genzoo/models/NAME/VARIANT/")` and
`.optComparison(VARIANT, "COMPARISON TEXT")` to the registry entry of NAME (the Java file whose
`NAME = "NAME"` constant names it, after its last optVariant/optComparison line, else after its
optHeadlineMetrics or optReference line). Then regenerate docs/model-zoo.md with
`./genzoo zoo-table > docs/model-zoo.md`.
"""
import pathlib, re, sys

name, variant, ref = sys.argv[1:4]
root = pathlib.Path(__file__).resolve().parent.parent
line = f'.optVariant("{variant}", "classpath:genzoo/models/{name}/{variant}/")'
esc = ref.replace("\\", "\\\\").replace('"', '\\"')
comparison = f'.optComparison("{variant}", "{esc}")'
hits = [p for p in root.glob("zoo-*/src/main/java/**/*.java") if f'NAME = "{name}";' in p.read_text()]
if len(hits) != 1:
    sys.exit(f"expected one source file declaring NAME = \"{name}\", found {hits}")
src = hits[0]
text = src.read_text()
if line in text:
    print(f"{src.name}: {name}:{variant} already registered")
    sys.exit(0)
lines = text.split("\n")
anchor = [i for i, l in enumerate(lines) if ".optVariant(" in l or ".optComparison(" in l] or \
         [i for i, l in enumerate(lines) if ".optHeadlineMetrics(" in l] or \
         [i for i, l in enumerate(lines) if ".optReference(" in l]
if not anchor:
    sys.exit(f"{src}: no optVariant, optHeadlineMetrics or optReference line to insert after")
i = anchor[-1]
indent = re.match(r"\s*", lines[i]).group(0)
lines[i + 1:i + 1] = [indent + line, indent + comparison]
src.write_text("\n".join(lines))
print(f"{src.name}: registered {name}:{variant} with its comparison")
