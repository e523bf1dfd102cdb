package dev.tuner.sampler;

import java.util.Arrays;

/**
 * Two orders of a mixture's values: the fast ascending order its kernels are kept in, and numpy's argsort, whose
 * order of equal values decides their bandwidths in Optuna's Parzen estimator.
 */
final class SortedOrder {
    private SortedOrder() {
    }

    /** numpy's {@code SMALL_QUICKSORT}: partitions of at most this many elements + 1 are insertion-sorted. */
    private static final int SMALL_QUICKSORT = 15;

    /**
     * The permutation {@code np.argsort(values)} returns in numpy 1.24 (default {@code kind='quicksort'}): numpy's
     * introsort {@code aquicksort_} of npysort/quicksort.cpp, step for step: median-of-three partitioning of
     * ranges longer than 16, insertion sort below that, heapsort ({@code aheapsort_}) past a depth of twice the
     * highest set bit of n. Only the order of equal values depends on these steps; reproducing them is what
     * makes equal observations get the same bandwidths as in Optuna. NaN is not expected here.
     */
    static int[] numpyArgsort(double[] v) {
        int num = v.length;
        int[] a = new int[num];
        for (int i = 0; i < num; i++) {
            a[i] = i;
        }
        if (num < 2) {
            return a;
        }
        int[] stack = new int[128];
        int[] depthStack = new int[64];
        int sptr = 0;
        int dptr = 0;
        int pl = 0;
        int pr = num - 1;
        int cdepth = 2 * (31 - Integer.numberOfLeadingZeros(num));
        for (;;) {
            if (cdepth < 0) {
                heapsort(v, a, pl, pr - pl + 1);
            } else {
                while (pr - pl > SMALL_QUICKSORT) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[a[pm]] < v[a[pl]]) {
                        swap(a, pm, pl);
                    }
                    if (v[a[pr]] < v[a[pm]]) {
                        swap(a, pr, pm);
                    }
                    if (v[a[pm]] < v[a[pl]]) {
                        swap(a, pm, pl);
                    }
                    double vp = v[a[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    swap(a, pm, pj);
                    for (;;) {
                        do {
                            ++pi;
                        } while (v[a[pi]] < vp);
                        do {
                            --pj;
                        } while (vp < v[a[pj]]);
                        if (pi >= pj) {
                            break;
                        }
                        swap(a, pi, pj);
                    }
                    swap(a, pi, pr - 1);
                    // the larger partition goes on the stack
                    if (pi - pl < pr - pi) {
                        stack[sptr++] = pi + 1;
                        stack[sptr++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sptr++] = pl;
                        stack[sptr++] = pi - 1;
                        pl = pi + 1;
                    }
                    depthStack[dptr++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = a[pi];
                    double vp = v[vi];
                    int pj = pi;
                    while (pj > pl && vp < v[a[pj - 1]]) {
                        a[pj] = a[pj - 1];
                        pj--;
                    }
                    a[pj] = vi;
                }
            }
            if (sptr == 0) {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depthStack[--dptr];
        }
        return a;
    }

    /** numpy's {@code aheapsort_} on {@code a[from .. from + n - 1]} (1-based heap indexing as numpy's). */
    private static void heapsort(double[] v, int[] a, int from, int n) {
        int base = from - 1;
        for (int l = n >> 1; l > 0; --l) {
            siftDown(v, a, base, a[base + l], l, n);
        }
        for (; n > 1; ) {
            int tmp = a[base + n];
            a[base + n] = a[base + 1];
            n -= 1;
            siftDown(v, a, base, tmp, 1, n);
        }
    }

    /** Places {@code tmp} at heap position {@code i} or below, in the 1-based heap {@code a[base + 1 .. base + n]}. */
    private static void siftDown(double[] v, int[] a, int base, int tmp, int i, int n) {
        for (int j = i << 1; j <= n; ) {
            if (j < n && v[a[base + j]] < v[a[base + j + 1]]) {
                j++;
            }
            if (v[tmp] < v[a[base + j]]) {
                a[base + i] = a[base + j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[base + i] = tmp;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * The indices of {@code values} in ascending order of value ({@link Double#compare}'s order: -0.0 before 0.0,
     * NaN last), equal values in index order. An LSD radix sort of the values' order-preserving bit patterns, a byte
     * per pass, carrying the indices along, then a stable insertion pass: free of the unpredictable branches that
     * made a comparison sort plus a binary search per value the larger part of building an estimator over 1,000
     * observations.
     */
    static int[] of(double[] values) {
        int m = values.length;
        long[] keys = new long[m];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            long bits = Double.doubleToLongBits(values[i]);
            // Negative numbers: all bits flipped (larger magnitude first); others: the sign bit set. Compared as
            // unsigned, the keys are then in the order of the values.
            keys[i] = bits < 0 ? ~bits : bits | Long.MIN_VALUE;
            order[i] = i;
        }
        long[] keysOut = new long[m];
        int[] orderOut = new int[m];
        int[] count = new int[257];
        // The high 32 bits (sign, exponent, 20 bits of mantissa) by radix; values that agree on those (within
        // about a millionth of each other) are then put in order by an insertion pass over the full keys, which on
        // such a nearly sorted array moves almost nothing.
        for (int shift = 32; shift < 64; shift += 8) {
            Arrays.fill(count, 0);
            for (int i = 0; i < m; i++) {
                count[(int) ((keys[i] >>> shift) & 0xFF) + 1]++;
            }
            if (m == 0 || count[(int) ((keys[0] >>> shift) & 0xFF) + 1] == m) {
                continue; // every key has the same byte here: this pass would not move anything
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < m; i++) {
                int at = count[(int) ((keys[i] >>> shift) & 0xFF)]++;
                keysOut[at] = keys[i];
                orderOut[at] = order[i];
            }
            long[] k = keys;
            keys = keysOut;
            keysOut = k;
            int[] o = order;
            order = orderOut;
            orderOut = o;
        }
        for (int i = 1; i < m; i++) {
            long key = keys[i];
            if (Long.compareUnsigned(keys[i - 1], key) <= 0) {
                continue;
            }
            int index = order[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(keys[j], key) > 0) {
                keys[j + 1] = keys[j];
                order[j + 1] = order[j];
                j--;
            }
            keys[j + 1] = key;
            order[j + 1] = index;
        }
        return order;
    }

    /** Whether two of {@code values} are equal ({@code ==}, so -0.0 and 0.0 too), given their sorted order. */
    static boolean hasTies(double[] values, int[] order) {
        for (int i = 1; i < order.length; i++) {
            if (values[order[i - 1]] == values[order[i]]) {
                return true;
            }
        }
        return false;
    }
}
