package com.example.app;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tuner.bundle.BundleLoader;
import dev.tuner.bundle.BundleRouter;
import dev.tuner.bundle.CorpusEmbeddings;
import dev.tuner.bundle.ModelBundle;
import dev.tuner.bundle.RowPrediction;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads the two bundle dependencies, predicts raw rows, answers a nearest-neighbour query, routes a rollout. */
public final class Main {
    private static final String STABLE = "dev.tuner.examples:bundle-app-model";
    private static final String CANDIDATE = "dev.tuner.examples:bundle-app-model-next";

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        printClassPath();

        long start = System.nanoTime();
        ModelBundle bundle = BundleLoader.ofDependency(STABLE).load();
        System.out.printf("Loaded %s in %d ms; held-out accuracy %.3f%n", STABLE,
                (System.nanoTime() - start) / 1_000_000, bundle.metrics().get("accuracy"));

        // Rows as an application has them: column name to cell, a missing cell and a column the model never saw.
        CsvSchema header = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(header)
                .readValues(new File(args[0]))) {
            int n = 1;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                RowPrediction p = bundle.predict(row);
                System.out.printf("Row %d %s -> %s (%.3f)%n", n++, row, p.label(), p.scores().get(p.label()));
            }
        }

        // Nearest neighbours of a note, with the note's own vector: no embedding model is needed at run time
        // (bundle.embedder() embeds new text when langchain4j's MiniLM artifact is on the class path).
        CorpusEmbeddings notes = bundle.embeddings("notes");
        int query = notes.ids().indexOf("n9");
        for (CorpusEmbeddings.Neighbour hit : notes.nearest(notes.vector(query), 3)) {
            System.out.printf("Nearest to n9: %s (%s, cosine %.3f)%n", hit.id(), notes.labels().get(hit.row()),
                    hit.cosine());
        }

        // Staged rollout: a quarter of the users on the candidate, then a rollback.
        BundleRouter router = BundleRouter.of(BundleLoader.ofDependency(STABLE), BundleLoader.ofDependency(CANDIDATE));
        router.candidateShare(0.25);
        for (int user = 0; user < 10_000; user++) {
            router.route("user-" + user).predict(Map.of("petal_length_cm", "4.8", "petal_width_cm", "1.7"));
        }
        System.out.println("Share 0.25: " + router.served());
        boolean sticky = router.route("user-7") == router.route("user-7");
        router.candidateShare(0.0);
        System.out.println("Rollback: user-7 on " + (router.route("user-7") == router.stable() ? "stable" : "candidate")
                + "; sticky before: " + sticky);
    }

    /** The JVM's class path: what the application really runs with. */
    private static void printClassPath() throws IOException {
        List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        long bytes = 0;
        int jars = 0;
        for (String entry : entries) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                bytes += Files.size(p);
                jars++;
                System.out.println("Class path jar: " + p.getFileName() + " " + Files.size(p));
            }
        }
        System.out.printf("Runtime class path: %d jars, %d bytes (%.1f MB)%n", jars, bytes, bytes / 1e6);
    }
}
