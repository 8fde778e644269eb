#!/usr/bin/env python3
"""Runs aspell or hunspell (pipe mode, en_GB) over the exported dev-set
essays and writes their flags as JSON lines for TestDevSet.

    python3 ispell.py aspell DIR > aspell.jsonl
    python3 ispell.py hunspell DIR > hunspell.jsonl

DIR is what MECHANICS_EXPORT wrote (index.tsv and the essays). Offsets are
turned into bytes of the essay; every misspelling either checker reports
counts as a flag, with its suggestions in order."""
import json, subprocess, sys

tool, d = sys.argv[1], sys.argv[2]
cmd = {"aspell": ["aspell", "-a", "--lang=en_GB", "--encoding=utf-8"],
       "hunspell": ["hunspell", "-a", "-d", "en_GB", "-i", "utf-8"]}[tool]
for line in open(f"{d}/index.tsv", encoding="utf-8"):
    name, source = line.rstrip("\n").split("\t")
    text = open(f"{d}/{name}", encoding="utf-8", newline="").read()
    lines = text.split("\n")
    # "^" keeps a line from being read as a command.
    out = subprocess.run(cmd, input="".join("^" + l + "\n" for l in lines), capture_output=True,
                         text=True, encoding="utf-8").stdout.split("\n")[1:]
    flags, li, base = [], 0, 0
    for o in out:
        if o == "":
            # one blank line ends each input line
            base += len(lines[li].encode("utf-8")) + 1
            li += 1
            if li >= len(lines):
                break
            continue
        if o[0] not in "&#":
            continue
        head, _, sugg = o.partition(": ")
        parts = head.split()
        word = parts[1]
        off = int(parts[-1]) - 1  # characters, after the "^"
        start = base + len(lines[li][:off].encode("utf-8"))
        end = start + len(word.encode("utf-8"))
        flags.append({"start": start, "end": end,
                      "suggestions": [s.strip() for s in sugg.split(",")] if sugg else []})
    print(json.dumps({"source": source, "flags": flags}))
