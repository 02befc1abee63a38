#!/usr/bin/env python3
"""The include graph between the source folders: for each folder, which other folders' headers its
files include (#include "x.h" resolved against the folders' headers), with the number of include
lines, and the library headers (Qt modules, Eigen, nlohmann, POSIX) each folder reaches for.
Fails (exit 1) when an include crosses the layers the wrong way:

  model  the pure core: includes no other folder and no Qt header
  io     ffio (Qt Core file I/O, machine detection): model only
  ui     the window: model and io
  app    the command line: model, io and ui
  (tests, bench, tools and fuzz may include any of them)

and inside model/, one folder a layer, each including only the layers below it:

  core < data < physics < market < solver < uncertainty < report < files

  tools/include-graph.py          the folder graph as text, then the layer check (CI: .ci/run, CTest)
  tools/include-graph.py --dot    the same graph as Graphviz dot (no check)
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ["model", "io", "ui", "app", "tests", "bench", "tools", "fuzz"]
# The folders each layer may include from (besides its own); a folder not named here may include any.
ALLOWED = {
    "model": set(),
    "io": {"model"},
    "ui": {"model", "io"},
    "app": {"model", "io", "ui"},
}
NO_QT = {"model"}
# model/'s own folders, lowest first: a file may include its own folder and the ones before it.
MODEL_LAYERS = ["core", "data", "physics", "market", "solver", "uncertainty", "report", "files"]
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def scan():
    where = defaultdict(set)  # header name -> folders that hold it
    files = []
    for folder in FOLDERS:
        for base, _, names in os.walk(os.path.join(ROOT, folder)):
            for n in names:
                if n.endswith((".h", ".cpp")):
                    rel = os.path.relpath(os.path.join(base, n), ROOT)
                    files.append((folder, rel))
                    if n.endswith(".h"):
                        where[n].add(folder)
    edges = defaultdict(int)
    libs = defaultdict(set)
    problems = []
    for folder, rel in sorted(files):
        with open(os.path.join(ROOT, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for match in INCLUDE.finditer(text):
            kind, name = match.groups()
            line = text.count("\n", 0, match.start()) + 1
            base = os.path.basename(name)
            if kind == '"' and base in where:
                owners = where[base]
                to = folder if folder in owners else sorted(owners, key=FOLDERS.index)[0]
                if to != folder:
                    edges[(folder, to)] += 1
                    if folder in ALLOWED and to not in ALLOWED[folder]:
                        problems.append(f"{rel}:{line}: {folder}/ includes {to}/'s {base}")
            elif kind == "<":
                top = name.split("/")[0]
                if top.startswith("Q"):
                    libs[folder].add("Qt")
                    if folder in NO_QT:
                        problems.append(f"{rel}:{line}: {folder}/ includes the Qt header <{name}>")
                elif top in ("Eigen", "nlohmann"):
                    libs[folder].add(top)
                elif top in ("sys", "unistd.h", "fcntl.h", "dirent.h", "spawn.h"):
                    libs[folder].add("POSIX")
    return edges, libs, problems


def scan_model():
    """The include graph between model/'s folders, and the includes that reach up a layer."""
    edges = defaultdict(int)
    problems = []
    model = os.path.join(ROOT, "model")
    for base, _, names in os.walk(model):
        for n in sorted(names):
            if not n.endswith((".h", ".cpp")):
                continue
            rel = os.path.relpath(os.path.join(base, n), model)
            layer = rel.split(os.sep)[0]
            if layer not in MODEL_LAYERS:
                problems.append(f"model/{rel}: not in one of model/'s layer folders ({', '.join(MODEL_LAYERS)})")
                continue
            with open(os.path.join(base, n), encoding="utf-8", errors="replace") as f:
                text = f.read()
            for match in INCLUDE.finditer(text):
                kind, name = match.groups()
                if kind != '"':
                    continue
                line = text.count("\n", 0, match.start()) + 1
                to = name.split("/")[0] if "/" in name else layer
                if to not in MODEL_LAYERS:
                    continue
                if to != layer:
                    edges[(layer, to)] += 1
                if MODEL_LAYERS.index(to) > MODEL_LAYERS.index(layer):
                    problems.append(f"model/{rel}:{line}: {layer}/ includes {name}, a layer above it")
    return edges, problems


def main():
    edges, libs, problems = scan()
    model_edges, model_problems = scan_model()
    problems += model_problems
    if "--dot" in sys.argv:
        print("digraph folders {")
        for (a, b), n in sorted(edges.items()):
            print(f'  "{a}" -> "{b}" [label="{n}"];')
        print("}")
        return 0
    for folder in FOLDERS:
        out = [f"{b} ({n})" for (a, b), n in sorted(edges.items(), key=lambda e: (e[0][0], FOLDERS.index(e[0][1]))) if a == folder]
        lib = ", ".join(sorted(libs[folder]))
        print(f"{folder:6s} -> {', '.join(out) if out else '(none)'}" + (f"   [libraries: {lib}]" if lib else ""))
    print("\nmodel/'s layers:")
    for layer in MODEL_LAYERS:
        out = [f"{b} ({n})" for (a, b), n in sorted(model_edges.items(), key=lambda e: MODEL_LAYERS.index(e[0][1])) if a == layer]
        print(f"  {layer:11s} -> {', '.join(out) if out else '(none)'}")
    if problems:
        print(f"\n{len(problems)} include(s) against the layers (model < io < ui < app; model without Qt; "
              f"inside model/: {' < '.join(MODEL_LAYERS)}):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("layers kept: model includes no other folder and no Qt header; io only model; ui model and io; "
          "model/'s folders only the ones below them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
