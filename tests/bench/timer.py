#!/usr/bin/env python3
"""Paired wall-clock timer of whole processes (benchmark helper, not a test).

Usage: timer.py RUNS SPEC.json OUT.json

SPEC.json is a list of {"name": ..., "a": argv, "b": argv}: for each item,
the command (a) and its yardstick (b). After one untimed warm-up round
(warm cache), RUNS rounds run every item's a and b back to back, a first in
even rounds and b first in odd ones, so that drift and order cancel. Each
run is one os.posix_spawn + os.waitpid around time.perf_counter_ns()
(CLOCK_MONOTONIC), standard output and error to /dev/null, as in
register.sh. OUT.json gets, per item: the median, min and max of a and b in
ms, and the median (min, max) of the paired ratios a_i / b_i.
A failing command (exit status other than 0) stops everything.
"""
import json
import os
import statistics
import sys
import time


def main():
    runs, spec_path, out_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(spec_path) as f:
        spec = json.load(f)
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
               (os.POSIX_SPAWN_DUP2, devnull, 2)]
    env = dict(os.environ)

    def once(argv):
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        t1 = time.perf_counter_ns()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("timer.py: %s failed (exit %d)" % (" ".join(argv),
                                                         os.waitstatus_to_exitcode(status)))
        return (t1 - t0) / 1e6

    for item in spec:  # warm-up
        once(item["a"])
        once(item["b"])
    times = {item["name"]: ([], []) for item in spec}
    for k in range(runs):
        for item in spec:
            ta, tb = times[item["name"]]
            if k % 2 == 0:
                ta.append(once(item["a"]))
                tb.append(once(item["b"]))
            else:
                tb.append(once(item["b"]))
                ta.append(once(item["a"]))
    out = {}
    for item in spec:
        ta, tb = times[item["name"]]
        ratios = [a / b for a, b in zip(ta, tb)]
        out[item["name"]] = {
            "a_median": statistics.median(ta), "a_min": min(ta), "a_max": max(ta),
            "b_median": statistics.median(tb), "b_min": min(tb), "b_max": max(tb),
            "ratio_median": statistics.median(ratios), "ratio_min": min(ratios),
            "ratio_max": max(ratios), "runs": runs,
        }
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
