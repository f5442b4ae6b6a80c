#!/usr/bin/env python3
"""Summarizes break-time statistics (hotswitch --stats / breaktime -o).

Each line: FROM TO BREAK STOP MIGRATE SWITCH RESUME HOST_WAIT BYTES, then
GAP PARK TLS per datapath thread, times in ns.  Prints medians and tails
in microseconds, as a markdown table.

usage: summarize.py LABEL=FILE ...
"""
import statistics
import sys


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def row(name, values):
    us = [v / 1000 for v in values]
    return "| %s | %.1f | %.1f | %.1f | %.1f |" % (
        name, statistics.median(us), pct(us, 0.90), pct(us, 0.99), max(us))


def summarize(label, path):
    rows = [list(map(int, line.split())) for line in open(path)]
    cols = {
        "break": [r[2] for r in rows],
        "stop": [r[3] for r in rows],
        "migrate": [r[4] for r in rows],
        "switch": [r[5] for r in rows],
        "resume": [r[6] for r in rows],
        "stop + resume": [r[3] + r[6] for r in rows],
        "per-thread gap": [g for r in rows for g in r[9::3]],
        "per-thread TLS migration": [t for r in rows for t in r[11::3]],
    }
    kb = statistics.median(r[8] for r in rows) / 1024
    print("\n%s: %d upgrades, median %.0f KB migrated\n" % (label, len(rows),
                                                             kb))
    print("| us | median | p90 | p99 | max |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in cols.items():
        print(row(name, values))
    return {name: statistics.median(v) / 1000 for name, v in cols.items()}, \
        {name: pct(v, 0.99) / 1000 for name, v in cols.items()}, kb


def main():
    results = {}
    for arg in sys.argv[1:]:
        label, path = arg.split("=", 1)
        results[label] = summarize(label, path)
    print("\nTargets:")
    for label, (median, p99, kb) in results.items():
        if kb >= 256:
            ok = median["break"] <= 100 and p99["break"] <= 250
            print("  %s: median break %.1f us (<= 100), p99 %.1f us "
                  "(<= 250): %s" % (label, median["break"], p99["break"],
                                    "met" if ok else "NOT met"))
        elif kb == 0:
            ok = median["stop + resume"] <= 20
            print("  %s: median stop + resume %.1f us (<= 20): %s"
                  % (label, median["stop + resume"],
                     "met" if ok else "NOT met"))


if __name__ == "__main__":
    main()
