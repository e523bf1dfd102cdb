package dev.tuner.bundle;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Bundle load" benchmark (run by bench/bundle-load.sh, not by the test suite):
 * <ul>
 *   <li>{@code build <dir> <reuters.csv...>}: 10,000 sentences from the Reuters files become a corpus; a bundle
 *       (iris model + their 10,000 x 384 embeddings) is written to {@code <dir>/bundle.zip}. The vectors come from a
 *       hashing embedder: their values do not change what loading costs;</li>
 *   <li>{@code load <zip>}: a cold load in this fresh JVM (class loading included), verification of every checksum,
 *       model parsing, embeddings view; prints milliseconds;</li>
 *   <li>{@code embed <dir> <n>}: all-MiniLM-L6-v2 on the first n of the same sentences (model load excluded);
 *       prints seconds and texts per second.</li>
 * </ul>
 */
public final class BundleLoadBenchmark {
    static final int ROWS = 10_000;

    private BundleLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        switch (args[0]) {
            case "build" -> build(Path.of(args[1]), List.of(args).subList(2, args.length));
            case "load" -> {
                ModelBundle bundle = BundleLoader.load(Path.of(args[1]));
                CorpusEmbeddings e = bundle.embeddings("sentences");
                double ms = (System.nanoTime() - start) / 1e6;
                if (e.size() != ROWS || e.dimension() != 384) {
                    throw new IllegalStateException("unexpected bundle: " + e.size() + " x " + e.dimension());
                }
                long warmStart = System.nanoTime();
                BundleLoader.load(Path.of(args[1])).embeddings("sentences");
                double warm = (System.nanoTime() - warmStart) / 1e6;
                System.out.printf(Locale.ROOT, "cold_load_ms=%.1f warm_load_ms=%.1f rows=%d dim=%d model=%s%n", ms,
                        warm, e.size(), e.dimension(), bundle.model().getClass().getSimpleName());
            }
            case "embed" -> {
                List<String> texts = sentences(Path.of(args[1]).resolve("sentences.csv"));
                int n = Integer.parseInt(args[2]);
                Embedder embedder = Embedders.create(Embedders.MINILM);
                embedder.embed(texts.subList(0, 5)); // warm-up: model load and first-call costs excluded
                long t0 = System.nanoTime();
                embedder.embed(texts.subList(5, 5 + n));
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "embed_seconds=%.2f texts=%d per_second=%.1f%n", s, n, n / s);
            }
            default -> throw new IllegalArgumentException("build | load | embed");
        }
    }

    private static void build(Path dir, List<String> reutersFiles) throws IOException {
        Files.createDirectories(dir);
        List<String> sentences = new ArrayList<>();
        for (String file : reutersFiles) {
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                    for (String s : rec.get("text").split("(?<=[.!?])\\s+")) {
                        if (s.length() > 20 && sentences.size() < ROWS) {
                            sentences.add(s.strip());
                        }
                    }
                }
            }
        }
        if (sentences.size() < ROWS) {
            throw new IllegalStateException("only " + sentences.size() + " sentences");
        }
        Path csv = dir.resolve("sentences.csv");
        try (Writer w = Files.newBufferedWriter(csv);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("id", "text").get())) {
            for (int i = 0; i < sentences.size(); i++) {
                p.printRecord("s" + i, sentences.get(i));
            }
        }
        BundleRequest base = BundleFixtures.request(dir, dir.resolve("bundle.zip"), dir.resolve("cache"),
                m -> new HashingEmbedder());
        // Dense random unit vectors: they compress like real embeddings (barely), unlike sparse hashed ones.
        Embedder dense = new Embedder() {
            @Override
            public String model() {
                return "bench-random";
            }

            @Override
            public int dimension() {
                return 384;
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                List<float[]> out = new ArrayList<>();
                for (String t : texts) {
                    java.util.Random r = new java.util.Random(t.hashCode());
                    float[] v = new float[384];
                    for (int d = 0; d < v.length; d++) {
                        v[d] = (float) r.nextGaussian();
                    }
                    out.add(VectorMath.normalized(v));
                }
                return out;
            }
        };
        BundleRequest request = new BundleRequest(base.study(), base.pinnedParams(), null,
                new EmbeddingsSpec("bench-random", List.of(new CorpusSpec("sentences", csv.toFile(), "id", "text",
                        null)), 0, 0), m -> dense, base.cacheDirectory(), base.zipFile(), base.reportFile(),
                base.timestamp(), "bench", null);
        BundleBuilder.Outcome o = BundleBuilder.build(request);
        System.out.println("bundle=" + o.zip() + " bytes=" + o.bytes());
    }

    private static List<String> sentences(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                out.add(rec.get("text"));
            }
        }
        return out;
    }
}
