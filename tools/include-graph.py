#!/usr/bin/env python3
"""The include graph between the source folders: for each folder, which other folders' headers its
files include (#include "x.h" resolved against the folders' headers), with the number of include
lines, and the library headers (Qt modules, Eigen, nlohmann, POSIX) each folder reaches for.

  tools/include-graph.py          the folder graph as text
  tools/include-graph.py --dot    the same as Graphviz dot
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ["model", "ui", "app", "tests", "bench", "tools", "fuzz"]
# ui/ holds two libraries: ffio (Qt Core file I/O, in the headless build too) and the window's ffui.
FFIO = {"outputfile.h", "qtstrings.h", "userdatafile.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def main():
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
    for folder, rel in files:
        with open(os.path.join(ROOT, rel), encoding="utf-8", errors="replace") as f:
            for kind, name in INCLUDE.findall(f.read()):
                base = os.path.basename(name)
                if kind == '"' and base in where:
                    owners = where[base]
                    to = folder if folder in owners else sorted(owners)[0]
                    if to == "ui" and base in FFIO:
                        to = "ui(ffio)"
                    if to != folder:
                        edges[(folder, to)] += 1
                elif kind == "<":
                    top = name.split("/")[0]
                    if top.startswith("Q"):
                        libs[folder].add("Qt")
                    elif top in ("Eigen", "nlohmann"):
                        libs[folder].add(top)
                    elif top in ("sys", "unistd.h", "fcntl.h", "dirent.h", "spawn.h"):
                        libs[folder].add("POSIX")
    if "--dot" in sys.argv:
        print("digraph folders {")
        for (a, b), n in sorted(edges.items()):
            print(f'  "{a}" -> "{b}" [label="{n}"];')
        print("}")
        return 0
    for folder in FOLDERS:
        out = [f"{b} ({n})" for (a, b), n in sorted(edges.items()) if a == folder]
        lib = ", ".join(sorted(libs[folder]))
        print(f"{folder:6s} -> {', '.join(out) if out else '(none)'}" + (f"   [libraries: {lib}]" if lib else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
