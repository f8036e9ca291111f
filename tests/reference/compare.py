#!/usr/bin/python3
"""compare.py: compares a reference JSON summary with tierzero's, field by field.

Usage: compare.py REFERENCE.json TIERZERO.json [LABEL]
       compare.py --cases TIERZERO CASE_DIR...

The second form runs, for each case directory written by gen_cases.py,
`TIERZERO summary --json` with the case's options and the reference
(spec_reference.py, in this process), and compares the two.

Every field the reference produces must be in tierzero's output with an equal
value: numbers within 1e-6 relative or 1e-6 absolute, minute figures within
0.01 minutes, strings, booleans and null exactly. Fields only tierzero has are
ignored, except `*_reason` fields, whose presence must agree (their wording is
free). A rejected record's `reason` wording is free too (a maintenance window's is
compared: definitions.md rule 11.8 fixes it). Prints one line per
difference and exits 1 when there is any.
"""

import json
import math
import os
import subprocess
import sys


def is_minutes(path):
    last = [p for p in path if isinstance(p, str)]
    return any("minutes" in p for p in last[-2:])


def fmt(path):
    s = ""
    for p in path:
        s += "[%d]" % p if isinstance(p, int) else ("." + p if s else p)
    return s or "(root)"


def compare(ref, got, path, out):
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            out.append((path, ref, got))
            return
        for k, v in ref.items():
            if k.endswith("_reason") or (k == "reason" and path and isinstance(path[-1], int)
                                         and "maintenance" not in path):
                if k not in got:
                    out.append((path + [k], "(present)", "(absent)"))
                continue
            if k not in got:
                out.append((path + [k], v, "(absent)"))
                continue
            compare(v, got[k], path + [k], out)
        for k in got:
            if k.endswith("_reason") and k not in ref:
                out.append((path + [k], "(absent)", "(present)"))
        return
    if isinstance(ref, list):
        if not isinstance(got, list) or len(got) != len(ref):
            out.append((path, ref, got))
            return
        for i, (a, b) in enumerate(zip(ref, got)):
            compare(a, b, path + [i], out)
        return
    if ref is None or isinstance(ref, (str, bool)) or isinstance(got, bool):
        if ref != got or type(ref) is not type(got):
            out.append((path, ref, got))
        return
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        out.append((path, ref, got))
        return
    if not math.isfinite(got):
        out.append((path, ref, got))
        return
    diff = abs(ref - got)
    if is_minutes(path):
        ok = diff <= 0.01
    else:
        ok = diff <= 1e-6 or diff <= 1e-6 * max(abs(ref), abs(got))
    if not ok:
        out.append((path, ref, got))


def run_cases(tierzero, dirs):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gen_cases
    import spec_reference
    failed = 0
    for d in dirs:
        with open(os.path.join(d, "args")) as f:
            args = [ln for ln in f.read().split("\n") if ln]
        inc = os.path.join(d, "incidents.json")
        label = d
        try:
            ref = spec_reference.compute(gen_cases.ref_namespace(args, inc))
            ref = json.loads(json.dumps(ref))
        except spec_reference.InputError as e:
            ref = {"error": str(e)}
        proc = subprocess.run([tierzero, "summary", "--json"] + args + [inc],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if "error" in ref or proc.returncode != 0:
            if ("error" in ref) != (proc.returncode != 0):
                print("%s: reference %s, tierzero exit %d: %s" % (
                    label, ref.get("error", "ok"), proc.returncode,
                    proc.stderr.decode(errors="replace").strip()[:300]))
                failed += 1
            continue
        got = json.loads(proc.stdout)
        out = []
        compare(ref, got, [], out)
        for path, a, b in out[:20]:
            print("%s: %s: reference %s, tierzero %s" % (label, fmt(path), json.dumps(a)[:200],
                                                         json.dumps(b)[:200]))
        if len(out) > 20:
            print("%s: ... %d more differences" % (label, len(out) - 20))
        failed += bool(out)
    print("%d of %d cases differ" % (failed, len(dirs)))
    return 1 if failed else 0


def main():
    if sys.argv[1] == "--cases":
        return run_cases(sys.argv[2], sys.argv[3:])
    with open(sys.argv[1]) as f:
        ref = json.load(f)
    with open(sys.argv[2]) as f:
        got = json.load(f)
    label = sys.argv[3] if len(sys.argv) > 3 else sys.argv[2]
    out = []
    compare(ref, got, [], out)
    for path, a, b in out[:40]:
        print("%s: %s: reference %s, tierzero %s" % (label, fmt(path), json.dumps(a)[:200],
                                                     json.dumps(b)[:200]))
    if len(out) > 40:
        print("%s: ... %d more differences" % (label, len(out) - 40))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
