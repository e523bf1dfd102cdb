package dev.tuner.sampler;

import java.util.SplittableRandom;

/**
 * A seeded bijection of {@code [0, size)}, computed one element at a time.
 *
 * <p>Grid search needs a shuffled visiting order that every process derives alike from the seed, without holding
 * a shuffled array of a grid that may have millions of points. A balanced Feistel network over the smallest even
 * number of bits that can count to {@code size} is a bijection of that power-of-two range whatever its round
 * function; "cycle walking" (applying it again while the result is {@code >= size}) restricts it to a bijection of
 * {@code [0, size)}. The power-of-two range is less than four times {@code size}, so walks are short.
 */
final class SeededPermutation {
    private static final int ROUNDS = 4;
    /** Largest size handled: the Feistel halves must fit in a long together. */
    static final long MAX_SIZE = 1L << 62;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    SeededPermutation(long size, long seed) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a permutation needs a size in [1, 2^62], got " + size);
        }
        this.size = size;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < ROUNDS; i++) {
            roundKeys[i] = random.nextLong();
        }
    }

    /** The element at {@code position} of the shuffled order. */
    long apply(long position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException(position);
        }
        long x = position;
        do {
            x = encrypt(x);
        } while (x >= size);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: a cheap 64-bit mixer with good avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
