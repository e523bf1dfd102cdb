package dev.tuner.sampler;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The radix argsort of the Parzen estimator against a stable comparison sort of boxed indices. */
class SortedOrderTest {
    @Test
    void equalsAStableSortByDoubleCompare() {
        SplittableRandom random = new SplittableRandom(3);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, -1e-300};
        for (int round = 0; round < 500; round++) {
            int m = random.nextInt(0, 300);
            double[] values = new double[m];
            for (int i = 0; i < m; i++) {
                int kind = random.nextInt(10);
                values[i] = kind == 0 ? specials[random.nextInt(specials.length)]
                        : kind < 4 ? random.nextInt(-3, 4) / 2.0 // many equal values
                        : kind < 7 ? Math.exp(random.nextDouble(-30, 30)) * (random.nextBoolean() ? 1 : -1)
                        : random.nextDouble(-5, 5);
            }
            int[] expected = IntStream.range(0, m).boxed()
                    .sorted(Comparator.comparing((Integer i) -> values[i], Double::compare))
                    .mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, SortedOrder.of(values), "round " + round);
        }
    }
}
