#!/usr/bin/env python3
"""Fails when a C++ function is over 100 lines or a source file over 800 lines, unless it is on the
reviewed exceptions list (tools/length-exceptions.txt, one entry a line with its reason).

  tools/check-lengths.py            check (CI: .ci/run); exit 1 on an offender not on the list
  tools/check-lengths.py --list     every function and file over the limits, longest first
  tools/check-lengths.py --top N    the N longest functions and files, whatever their length

A function is counted from the first line of its signature to its closing brace, lambdas and local
classes included in the function that holds them. The scan is lexical (comments, strings and
character literals are blanked first; brace initializers in constructor init lists are skipped);
it reads every *.cpp and *.h under the folders below.
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ["model", "io", "ui", "app", "tests", "bench", "tools", "fuzz"]
FUNCTION_LIMIT = 100
FILE_LIMIT = 800
EXCEPTIONS = os.path.join(ROOT, "tools", "length-exceptions.txt")


def blank_literals(text):
    """Comments, string and char literals replaced by spaces (newlines kept, so lines still count)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            k = text.find("(", i + 2)
            delim = text[i + 2:k]
            j = text.find(")" + delim + '"', k)
            j = n if j < 0 else j + len(delim) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c in "\"'":
            # a digit separator (1'000) is not a character literal
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(c)
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_template(header):
    """`template <...>` prefixes removed (their `class T` is not a class)."""
    h = header.strip()
    while h.startswith("template"):
        depth, k = 0, h.find("<")
        if k < 0:
            break
        for j in range(k, len(h)):
            if h[j] == "<":
                depth += 1
            elif h[j] == ">":
                depth -= 1
                if depth == 0:
                    h = h[j + 1:].strip()
                    break
        else:
            break
    return h


def function_name(header):
    h = strip_template(header)
    k = h.find("(")
    if k < 0:
        return None
    m = re.search(r"([A-Za-z_~][\w:~<>]*(?:operator\s*\S+?)?)\s*$", h[:k])
    return m.group(1) if m else None


def classify(header):
    h = strip_template(header)
    if re.search(r"\bnamespace(\s+[\w:]+)?\s*$", h) or re.match(r'^extern\s+"', h):
        return "scope"
    if re.search(r"\b(class|struct|union|enum)\b", h.split("(")[0]):
        return "scope"
    if "(" in h and ")" in h and "=" not in h.split("(")[0]:
        return "function"
    return "other"


def scan(path):
    """(functions, line count): functions as (name, first line, last line)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    text = blank_literals(raw)
    lines = raw.count("\n") + (0 if raw.endswith("\n") else 1)
    functions = []
    stack = []  # "scope" | "function" | "other" | "init"
    header_start = 0
    i, n = 0, len(text)
    line = 1
    open_at = []  # (kind, name, first line)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        in_body = any(k in ("function", "other", "init") for k, _, _ in open_at)
        if c == "{":
            if in_body:
                open_at.append(("other", None, line))
            else:
                header = text[header_start:i]
                h = header.strip()
                if classify(header) == "function" and re.search(r"\)\s*(const\s*)?(noexcept\s*)?:", h) and re.search(r"[\w>]$", h):
                    open_at.append(("init", None, line))  # a brace initializer in a constructor's init list
                else:
                    kind = classify(header)
                    lead = header[: len(header) - len(header.lstrip())]
                    first = line - header.count("\n") + lead.count("\n")
                    open_at.append((kind, function_name(header) if kind == "function" else None, first))
                    header_start = i + 1
        elif c == "}":
            if open_at:
                kind, name, first = open_at.pop()
                if kind == "function":
                    functions.append((name or "?", first, line))
                if kind != "init" and not any(k in ("function", "other") for k, _, _ in open_at):
                    header_start = i + 1
        elif c == ";" and not in_body:
            header_start = i + 1
        elif c == "#" and not in_body and text[header_start:i].strip() == "":
            j = text.find("\n", i)
            while j > 0 and text[j - 1] == "\\":
                j = text.find("\n", j + 1)
            j = n if j < 0 else j
            line += text[i:j].count("\n")
            i = j
            header_start = j
            continue
        i += 1
    return functions, lines


def sources():
    for folder in FOLDERS:
        for base, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(files):
                if name.endswith((".cpp", ".h")):
                    yield os.path.relpath(os.path.join(base, name), ROOT)


def measure():
    funcs, files = [], []
    for rel in sorted(sources()):
        fs, n = scan(os.path.join(ROOT, rel))
        files.append((n, rel))
        for name, a, b in fs:
            funcs.append((b - a + 1, rel + ":" + name, a))
    return funcs, files


def read_exceptions():
    entries = {}
    with open(EXCEPTIONS, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or not parts[1].isdigit():
                sys.exit(f"{EXCEPTIONS}:{no}: expected `path[:function] lines reason`")
            entries[parts[0]] = (int(parts[1]), parts[2])
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--top", type=int)
    args = ap.parse_args()
    funcs, files = measure()
    funcs.sort(reverse=True)
    files.sort(reverse=True)
    if args.top:
        for n, key, a in funcs[: args.top]:
            print(f"function {n:5d}  {key} (line {a})")
        for n, rel in files[: args.top]:
            print(f"file     {n:5d}  {rel}")
        return 0
    over = [(n, key) for n, key, _ in funcs if n > FUNCTION_LIMIT] + [(n, rel) for n, rel in files if n > FILE_LIMIT]
    if args.list:
        for n, key in sorted(over, reverse=True):
            print(f"{key} {n}")
        return 0
    listed = read_exceptions()
    bad = [(n, key) for n, key in over if key not in listed]
    longest = {}
    for n, key in over:
        longest[key] = max(n, longest.get(key, 0))
    for key in sorted(set(listed) - set(longest)):
        print(f"note: {key} is within the limits now; take it off {os.path.relpath(EXCEPTIONS, ROOT)}")
    for key, n in sorted(longest.items()):
        if key in listed and n > listed[key][0]:
            print(f"note: {key} grew from {listed[key][0]} to {n} lines since it was reviewed")
    for n, key in bad:
        limit = FILE_LIMIT if ":" not in key else FUNCTION_LIMIT
        print(f"error: {key} is {n} lines (limit {limit}) and not on {os.path.relpath(EXCEPTIONS, ROOT)}")
    print(f"{len(funcs)} functions in {len(files)} files; longest function {funcs[0][0]} lines ({funcs[0][1]}), "
          f"longest file {files[0][0]} lines ({files[0][1]}); {len(over)} over the limits, {len(bad)} not on the list")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
