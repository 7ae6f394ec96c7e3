#!/usr/bin/env python3
"""Register a bundled variant (after dev/bundle-model.py) and its reference text in the zoo table.

usage: dev/register-variant.py NAME VARIANT "REFERENCE TEXT"

Adds `.optVariant(VARIANT, "classpath:genzoo/models/NAME/VARIANT/")` to the registry entry of NAME
(the Java file whose `NAME = "NAME"` constant names it, after its last optVariant or its
optReference line) and a `NAME:VARIANT` entry to ZooTableCommand.REFERENCE. Then regenerate
docs/model-zoo.md with `./genzoo zoo-table > docs/model-zoo.md`.
"""
import pathlib, re, sys

name, variant, ref = sys.argv[1:4]
root = pathlib.Path(__file__).resolve().parent.parent
line = f'.optVariant("{variant}", "classpath:genzoo/models/{name}/{variant}/")'
hits = [p for p in root.glob("zoo-*/src/main/java/**/*.java") if f'NAME = "{name}";' in p.read_text()]
if len(hits) != 1:
    sys.exit(f"expected one source file declaring NAME = \"{name}\", found {hits}")
src = hits[0]
text = src.read_text()
if line in text:
    print(f"{src.name}: {name}:{variant} already registered")
else:
    lines = text.split("\n")
    anchor = [i for i, l in enumerate(lines) if ".optVariant(" in l] or \
             [i for i, l in enumerate(lines) if ".optReference(" in l]
    if not anchor:
        sys.exit(f"{src}: no optVariant or optReference line to insert after")
    i = anchor[-1]
    indent = re.match(r"\s*", lines[i]).group(0)
    lines.insert(i + 1, indent + line)
    src.write_text("\n".join(lines))
    print(f"{src.name}: registered {name}:{variant}")
table = root / "zoo-examples/src/main/java/dev/genzoo/cli/ZooTableCommand.java"
t = table.read_text()
key = f'Map.entry("{name}:{variant}",'
if key in t:
    print("ZooTableCommand: reference already present")
else:
    esc = ref.replace("\\", "\\\\").replace('"', '\\"')
    anchor = '            Map.entry("classifier-mnist:mnist",'
    if anchor not in t:
        sys.exit("ZooTableCommand: anchor entry classifier-mnist:mnist not found")
    t = t.replace(anchor, f'            {key} "{esc}"),\n' + anchor, 1)
    table.write_text(t)
    print(f"ZooTableCommand: reference for {name}:{variant}")
