"""Statistics shared by the benchmark pages (render_optuna.py, render_noisy.py): the Mann-Whitney U test over seeds
and the direction of a difference."""
import statistics

ALPHA = 0.05
median = statistics.median


def mann_whitney_p(a, b):
    """Two-sided p-value of the Mann-Whitney U test of samples a and b: exact (the distribution of U by counting
    the orderings, Mann and Whitney 1947) when there are no ties, else the normal approximation with tie
    correction."""
    import math
    n, m = len(a), len(b)
    pooled = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    values = [v for v, _ in pooled]
    ranks = [0.0] * len(pooled)
    i = 0
    tie_term = 0.0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and values[j + 1] == values[i]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        t = j - i + 1
        tie_term += t ** 3 - t
        i = j + 1
    r_a = sum(r for r, (_, g) in zip(ranks, pooled) if g == 0)
    u = r_a - n * (n + 1) / 2
    mean = n * m / 2
    if tie_term == 0:
        # counts[k][u]: orderings of k values of a among the first positions with statistic u (recursion on the
        # largest value: it belongs to a (adds the m values of b below it) or to b).
        from functools import lru_cache

        @lru_cache(maxsize=None)
        def count(nn, mm, uu):
            if uu < 0:
                return 0
            if nn == 0 or mm == 0:
                return 1 if uu == 0 else 0
            return count(nn - 1, mm, uu - mm) + count(nn, mm - 1, uu)
        total = math.comb(n + m, n)
        lo = min(u, n * m - u)
        tail = sum(count(n, m, k) for k in range(int(math.floor(lo)) + 1)) / total
        return min(1.0, 2 * tail)
    var = n * m / 12 * ((n + m + 1) - tie_term / ((n + m) * (n + m - 1)))
    if var <= 0:
        return 1.0
    z = (abs(u - mean) - 0.5) / math.sqrt(var)
    return min(1.0, math.erfc(max(z, 0) / math.sqrt(2)))


def tends_lower(a, b):
    """Whether the values of a tend to be lower than those of b: fewer of the pairs (one value of each) have a's value
    above b's than below it (the Mann-Whitney U against its mean). This, not the medians, gives a significant
    difference its direction: two samples can share a median (0 on a plateau) and still differ."""
    above = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)
    return above < len(a) * len(b) / 2


def best_of(theirs):
    """The peer sampler with the lowest median in a cell; among equal medians, the lowest mean."""
    return min(theirs, key=lambda s: (median(theirs[s]), sum(theirs[s]) / len(theirs[s])))
