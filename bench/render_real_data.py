"""Turns the JSON lines of bench/real-data.sh into docs/benchmarks-real-data.md (stdout). Every figure in the page
comes from those lines; the page says the command, the machine and its load."""
import json
import os
import platform
import statistics
import sys
from collections import defaultdict

results, seconds, load_before, load_after, command = sys.argv[1:6]
note = sys.argv[6] if len(sys.argv) > 6 else ""
rows = [json.loads(line) for line in open(results) if line.strip().startswith("{")]
by = defaultdict(list)
for r in rows:
    by[(r["case"], r["sampler"])].append(r)
cases = list(dict.fromkeys(r["case"] for r in rows))
samplers = list(dict.fromkeys(r["sampler"] for r in rows))


def f(x):
    return "%.4f" % x


def sign_test(wins, losses):
    """Two-sided exact sign test: the chance of a split at least this uneven between two equal samplers."""
    import math
    n = wins + losses
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(wins, losses) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def held(rs, who, metric):
    return [r[who][metric] for r in rs]


def paired(case, value):
    """The seeds both samplers finished (a run stopped early may have one more of one), sorted, and each sampler's
    value per seed."""
    common = sorted({r["seed"] for r in by[(case, "auto")]} & {r["seed"] for r in by[(case, "tpe")]})
    return (common, {r["seed"]: value(r) for r in by[(case, "auto")] if r["seed"] in common},
            {r["seed"]: value(r) for r in by[(case, "tpe")] if r["seed"] in common})


def held_log_loss(r):
    return r["tuned"]["log-loss"]


out = []
p = out.append
p("# Tuning on the examples' real data")
p("")
p("Produced by `%s` in %s s on %s (%d cores; load %s before, %s after: a busy machine makes the seconds noisy, not"
  " the metrics). Every study: objective cross-validated log-loss, the trainer's defaults as the first trial, the"
  " top trials re-scored on more folds before the choice (`<rescoreTop>`, docs/tune.md), no pruning, one job; the"
  " held-out rows (20%%) are never seen by tuning." % (command, seconds, platform.processor() or platform.machine(),
                                                      os.cpu_count(), load_before, load_after))
p("")
if note:
    p("**" + note + "**")
    p("")
expected = [c for c in os.environ.get("CASES", "").split(",") if c and c not in cases]
if expected:
    p("**Not measured in this run: " + ", ".join(expected) + ".**")
    p("")
if "auto" in samplers and "tpe" in samplers:
    p("## `auto` against `tpe`: held-out log-loss, median of the seeds")
    p("")
    p("With about a hundred held-out rows a few rows move the log-loss, so the median of five seeds can change with"
      " the seeds: the first columns are the medians of seeds 1-5 (the issue's measure), the next ones those of every"
      " seed of the run, and the last how many seeds (same held-out rows and folds for both samplers) each won.")
    p("")
    p("The sign test's p is two-sided and exact (binomial, ties left out): below 0.05 one sampler won more seeds than"
      " chance would give it.")
    p("")
    p("| data set, trainer | auto, seeds 1-5 | tpe, seeds 1-5 | auto not worse (1-5) | seeds | auto | tpe |"
      " auto not worse | seeds auto lower / tpe lower | sign test p |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    for c in cases:
        common, a, t = paired(c, held_log_loss)
        if not common:
            continue
        first = [s for s in common if s <= 5]
        a5, t5 = statistics.median(a[s] for s in first), statistics.median(t[s] for s in first)
        ma, mt = statistics.median(a.values()), statistics.median(t.values())
        won, lost = sum(1 for s in common if a[s] < t[s]), sum(1 for s in common if t[s] < a[s])
        p("| %s | %s | %s | %s | %d | %s | %s | %s | %d / %d | %.3f |" % (
            c, f(a5), f(t5), "yes" if a5 <= t5 else "**no**", len(common), f(ma), f(mt),
            "yes" if ma <= mt else "**no**", won, lost, sign_test(won, lost)))
    p("")
    fresh_cases = [c for c in cases if all("freshFolds" in r for s in ("auto", "tpe") for r in by[(c, s)])
                   and by[(c, "auto")] and by[(c, "tpe")]]
    if fresh_cases:
        p("### The same choices on fresh folds")
        p("")
        fits = by[(fresh_cases[0], "auto")][0].get("freshFits")
        p("Each chosen configuration cross-validated again on folds of the tuning rows that neither the study nor the"
          " final choice used (`FRESH_REPEATS` cross-validations%s): a measure of what the search and the choice"
          " found, with far less noise than the held-out rows, though on models trained on fewer rows than the"
          " refit's. Log-loss, median of the seeds." % (", %d fits per configuration" % fits if fits else ""))
        p("")
        p("The last columns are the paired differences (auto minus tpe, seed by seed): their spread on the held-out rows"
          " and on fresh folds, and how far the two go together (Pearson correlation over the seeds; needs 3 seeds).")
        p("")
        p("| data set, trainer | auto, seeds 1-5 | tpe, seeds 1-5 | seeds | auto | tpe | seeds auto lower / tpe lower |"
          " sign test p | sd of difference, held-out | sd of difference, fresh folds | correlation |")
        p("|---|---|---|---|---|---|---|---|---|---|---|")
        for c in fresh_cases:
            common, a, t = paired(c, lambda r: r["freshFolds"])
            _, ha, ht = paired(c, held_log_loss)
            first = [s for s in common if s <= 5]
            won = sum(1 for s in common if a[s] < t[s])
            lost = sum(1 for s in common if t[s] < a[s])
            fresh_diff = [a[s] - t[s] for s in common]
            held_diff = [ha[s] - ht[s] for s in common]
            spread = len(common) >= 3
            correlation = (statistics.correlation(fresh_diff, held_diff) if spread and statistics.pstdev(fresh_diff) > 0
                           and statistics.pstdev(held_diff) > 0 else None)
            p("| %s | %s | %s | %d | %s | %s | %d / %d | %.3f | %s | %s | %s |" % (
                c, f(statistics.median(a[s] for s in first)), f(statistics.median(t[s] for s in first)), len(common),
                f(statistics.median(a.values())), f(statistics.median(t.values())), won, lost, sign_test(won, lost),
                f(statistics.stdev(held_diff)) if spread else "-", f(statistics.stdev(fresh_diff)) if spread else "-",
                "%.2f" % correlation if correlation is not None else "-"))
        p("")
p("## Tuned against the trainer's defaults on held-out rows, mean of the seeds")
p("")
p("| data set, trainer | sampler | seeds | accuracy tuned | accuracy defaults | log-loss tuned | log-loss defaults |"
  " tuned not worse | final choice changed by re-scoring |")
p("|---|---|---|---|---|---|---|---|---|")
for c in cases:
    for s in samplers:
        rs = by[(c, s)]
        if not rs:
            continue
        mean = statistics.mean
        at, ad = mean(held(rs, "tuned", "accuracy")), mean(held(rs, "defaults", "accuracy"))
        lt, ld = mean(held(rs, "tuned", "log-loss")), mean(held(rs, "defaults", "log-loss"))
        ok = at >= ad and lt <= ld
        changed = sum(1 for r in rs if r.get("finalChoice") and r["finalChoice"].get("changed"))
        p("| %s | %s | %d | %s | %s | %s | %s | %s | %d of %d |" % (c, s, len(rs), f(at), f(ad), f(lt), f(ld),
                                                                   "yes" if ok else "**no**", changed, len(rs)))
p("")
bounded = [(c, sm) for c in cases for sm in samplers if any("params" in r and "space" in r for r in by[(c, sm)])]
if bounded:
    import math
    import re

    def at_bound(value, dist):
        """Whether a value lies within 2% of its range (on the log scale for log ranges) of either end."""
        m = re.match(r"\s*(int|float|log|intlog)\(\s*([^,]+),\s*([^)]+)\)", dist)
        if not m or not isinstance(value, (int, float)):
            return None
        lo, hi = float(m.group(2)), float(m.group(3))
        if m.group(1) in ("log", "intlog"):
            value, lo, hi = math.log(value), math.log(lo), math.log(hi)
        return hi > lo and min(value - lo, hi - value) <= 0.02 * (hi - lo)

    p("## Where the chosen configurations lie")
    p("")
    p("Share of the chosen trials' numeric parameters that lie on an end of their range (within 2% of it, on the"
      " log scale for log ranges), and which ends they are, over the seeds. A model-based sampler that keeps choosing"
      " the ends of the space says that its model wants to go further, or that it exploits the study's folds there.")
    p("")
    p("| data set, trainer | sampler | on an end | ends chosen (parameter=end: seeds) |")
    p("|---|---|---|---|")
    for c, sm in bounded:
        on = total = 0
        ends = defaultdict(int)
        for r in by[(c, sm)]:
            for name, dist in r.get("space", {}).items():
                v = r.get("params", {}).get(name)
                b = at_bound(v, dist)
                if b is None:
                    continue
                total += 1
                if b:
                    on += 1
                    m = re.match(r"\s*\w+\(\s*([^,]+),\s*([^)]+)\)", dist)
                    lo, hi = float(m.group(1)), float(m.group(2))
                    ends["%s=%s" % (name, m.group(1).strip() if abs(v - lo) <= abs(v - hi) else m.group(2).strip())] += 1
        p("| %s | %s | %d of %d | %s |" % (c, sm, on, total,
                                           ", ".join("%s: %d" % kv for kv in sorted(ends.items(), key=lambda kv: -kv[1]))))
    p("")
p("## Search or selection: log-loss at each step, median of the seeds")
p("")
p("The study's best by its own folds (what the sampler optimised), the chosen trial over every fold of the final"
  " choice's cross-validations (the study's and the re-scoring's), and the chosen trial refit and measured on the"
  " held-out rows. A sampler ahead on the first and behind on the others found the luck of the study's folds.")
p("")
fresh = any("freshFolds" in r for r in rows)
p("| data set, trainer | sampler | study's best (its folds) | chosen (all folds) | held-out |"
  + (" chosen (fresh folds) |" if fresh else ""))
p("|---|---|---|---|---|" + ("---|" if fresh else ""))


def chosen_cv(r):
    fc = r.get("finalChoice")
    if fc:
        for c in fc["candidates"]:
            if c["number"] == fc["chosen"]:
                return c["combined"]
    return r["crossValidated"]


for c in cases:
    for s in samplers:
        rs = by[(c, s)]
        if rs:
            med = statistics.median
            p("| %s | %s | %s | %s | %s |" % (c, s, f(med(r["crossValidated"] for r in rs)),
                                             f(med(chosen_cv(r) for r in rs)), f(med(held(rs, "tuned", "log-loss"))))
              + (" %s |" % (f(med(r["freshFolds"] for r in rs)) if all("freshFolds" in r for r in rs) else "-")
                 if fresh else ""))
p("")
p("## Seconds per study (mean)")
p("")
p("| data set, trainer | " + " | ".join(samplers) + " |")
p("|---|" + "---|" * len(samplers))
for c in cases:
    p("| %s | %s |" % (c, " | ".join("%.1f" % statistics.mean(r["seconds"] for r in by[(c, s)]) if by[(c, s)] else "-"
                                      for s in samplers)))
print("\n".join(out))
