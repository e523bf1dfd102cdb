package dev.tuner.bundle;

import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.tuning.TuningRequest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** An iris bundle request with pinned logistic-regression parameters and a small labelled corpus. */
final class BundleFixtures {
    static {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    }

    private BundleFixtures() {
    }

    static Path iris() {
        try {
            return Path.of(BundleFixtures.class.getResource("/data/iris.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TuningRequest study(Path storage) {
        return new TuningRequest(new DatasetSpec(iris().toFile(), "label", 0.2, "auto"), "logistic", null,
                BundleFixtures.class.getClassLoader(), Map.of(), List.of(), 4, "random", "none", List.of(1.0), 2, 1,
                42, storage.toString(), "bundle-test", null);
    }

    /** 24 short texts in two labels, one an exact duplicate of another. */
    static Path corpus(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,text,topic");
        String[] grain = {"wheat harvest exports rise", "corn prices fall on supply", "grain shipments to china",
                "soybean crop estimate raised", "barley and oats tender", "wheat futures close higher"};
        String[] money = {"central bank raises rates", "dollar weakens against yen", "bond yields climb",
                "interest rate cut expected", "currency markets calm", "treasury auction demand"};
        int id = 1;
        for (int round = 0; round < 2; round++) {
            for (String g : grain) {
                lines.add("g" + id++ + ",\"" + g + (round == 1 ? " again today" : "") + "\",grain");
            }
            for (String m : money) {
                lines.add("m" + id++ + ",\"" + m + (round == 1 ? " again today" : "") + "\",money");
            }
        }
        lines.add("dup,\"wheat harvest exports rise\",grain");
        Path csv = dir.resolve("docs.csv");
        Files.write(csv, lines);
        return csv;
    }

    /** Builds the fixture bundle {@code dir/name} (its corpus and cache in {@code dir}) and returns its path. */
    static Path built(Path dir, String name) throws IOException {
        Path zip = dir.resolve(name);
        BundleBuilder.build(request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        return zip;
    }

    static BundleRequest request(Path dir, Path zip, Path cache, Function<String, Embedder> embedders)
            throws IOException {
        EmbeddingsSpec embeddings = new EmbeddingsSpec("test-hashing",
                List.of(new CorpusSpec("docs", corpus(dir).toFile(), "id", "text", "topic")), 0.999, 2);
        return new BundleRequest(study(dir.resolve("studies.db")), Map.of("scale", "false", "epochs", "5"), null,
                embeddings, embedders, cache, zip, zip.resolveSibling("bundle.json"),
                Instant.parse("2026-11-23T00:00:00Z"), "test", null);
    }
}
