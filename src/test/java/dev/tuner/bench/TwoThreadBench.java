package dev.tuner.bench;

import dev.tuner.study.Objective;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TribuoSetup;
import dev.tuner.tuning.TuningRequest;

import java.io.File;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Java side of bench/two-threads.sh: what two threads buy a trainer's trainings in one JVM, read as the estimate's
 * probe reads it (four configurations once on one thread, then each twice side by side on two), again and again from
 * a fresh JVM, with what the JIT compiled during each two-thread phase. Shows how the reading moves as the JVM warms
 * up, and a trainer that trains under a lock ({@code libsvm}).
 *
 * <p>Arguments: {@code <csv> <target> <trainer> <folds> <rounds> [name=choice(a|b) | name=log(lo:hi)]...}.
 */
public final class TwoThreadBench {
    private TwoThreadBench() {
    }

    public static void main(String[] args) throws Exception {
        TuningRequest request = new TuningRequest(new DatasetSpec(new File(args[0]), args[1], 0.2, null), args[2],
                null, TwoThreadBench.class.getClassLoader(), Map.of(), List.of(), 10, "random", "none", List.of(1.0),
                Integer.parseInt(args[3]), 1, 42, null, "two-threads", null);
        Objective objective = TribuoSetup.of(request).objective(42);
        int rounds = Integer.parseInt(args[4]);
        Random random = new Random(1);
        List<Map<String, Object>> draws = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            Map<String, Object> draw = new LinkedHashMap<>();
            for (int a = 5; a < args.length; a++) {
                String name = args[a].substring(0, args[a].indexOf('='));
                String spec = args[a].substring(args[a].indexOf('=') + 1);
                String inside = spec.substring(spec.indexOf('(') + 1, spec.length() - 1);
                if (spec.startsWith("choice(")) {
                    String[] choices = inside.split("\\|");
                    draw.put(name, choices[random.nextInt(choices.length)]);
                } else {
                    double lo = Math.log(Double.parseDouble(inside.split(":")[0]));
                    double hi = Math.log(Double.parseDouble(inside.split(":")[1]));
                    draw.put(name, Math.exp(lo + random.nextDouble() * (hi - lo)));
                }
            }
            draws.add(draw);
        }
        System.out.println("configurations " + draws);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= rounds; round++) {
                for (double budget : new double[]{0.5, 1.0}) {
                    long t0 = System.nanoTime();
                    for (Map<String, Object> draw : draws) {
                        objective.evaluate(draw, budget, 0);
                    }
                    double sequential = (System.nanoTime() - t0) / 1e9;
                    long compiledBefore = jit.getTotalCompilationTime();
                    t0 = System.nanoTime();
                    List<Future<?>> futures = new ArrayList<>();
                    for (Map<String, Object> draw : draws) {
                        futures.add(pool.submit(() -> objective.evaluate(draw, budget, 0)));
                        futures.add(pool.submit(() -> objective.evaluate(draw, budget, 0)));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    double parallel = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "round %d budget %.1f: one thread %.3f s, two threads %.3f s,"
                                    + " speed-up %.2f, JIT compiled %d ms meanwhile%n", round, budget, sequential,
                            parallel, 2 * sequential / parallel, jit.getTotalCompilationTime() - compiledBefore);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
