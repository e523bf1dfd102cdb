package dev.tuner.bundle;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.files.AtomicFiles;
import dev.tuner.neighbours.NearDuplicates;
import dev.tuner.neighbours.NeighbourIndex;
import dev.tuner.files.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tuner.trial.Trial;
import dev.tuner.tuning.BundleTraining;
import dev.tuner.tribuo.FittedModel;
import dev.tuner.tribuo.OnnxForm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code bundle} use case: choose the parameters, refit, embed the corpora (through the cache), write the
 * reproducible zip, reload it through {@link BundleLoader} and compare it with what is in memory, then report.
 */
public final class BundleBuilder {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final double NANOS = 1e9;
    /** Largest difference tolerated between a bundled embedding and a fresh computation of it. */
    static final double EMBEDDING_TOLERANCE = 1e-5;

    private BundleBuilder() {
    }

    /** What the build did, as written to {@code bundle.json}. */
    public record Outcome(Path zip, String sha256, long bytes, int computed, int cached, String paramsSource,
                          Map<String, Double> metrics, BundleReport report) {
    }

    /** manifest.json as written: {@link BundleManifest}'s fields, with the provenance this build knows. */
    record WrittenManifest(int formatVersion, List<BundleManifest.FileEntry> files, BundleProvenance provenance) {
    }

    public static Outcome build(BundleRequest request) throws IOException {
        long start = System.nanoTime();
        BundleTraining training = BundleTraining.prepare(request.study());
        String paramsSource;
        Map<String, Object> params;
        if (request.pinnedParams() != null && !request.pinnedParams().isEmpty()) {
            if (request.paramsFile() != null) {
                throw new ConfigurationException("set either {params} or {paramsFile}, not both");
            }
            // Only a study tuned with exactly these pins was tuned around them; the pins win over its values anyway.
            Trial tuned = request.pinnedParams().equals(request.study().options().params())
                    ? training.bestStoredTrialWithPins().orElse(null) : null;
            params = tuned == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tuned.params());
            params.putAll(request.pinnedParams());
            paramsSource = tuned == null ? "<params>" : "<params> and study '" + request.study().study() + "' trial #"
                    + tuned.number() + ", tuned around them";
        } else if (request.paramsFile() != null) {
            params = readParamsFile(request.paramsFile().toPath());
            training.checkParams(Setting.of("paramsFile"), request.paramsFile().toString(), params);
            paramsSource = request.paramsFile().getName();
        } else {
            Trial best = training.bestStoredTrial();
            params = best.params();
            paramsSource = "study '" + request.study().study() + "' trial #" + best.number();
        }
        OffsetDateTime time = OffsetDateTime.ofInstant(request.timestamp(), ZoneOffset.UTC);
        FittedModel fitted = training.fit(params, time);
        double fitSeconds = (System.nanoTime() - start) / NANOS;

        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(BundleLayout.MODEL, fitted.protobuf());
        OnnxForm onnx = fitted.onnx().orElse(null);
        if (onnx != null && onnx.bytes() != null) {
            files.put(BundleLayout.MODEL_ONNX, onnx.bytes());
        }
        files.put(BundleLayout.PROVENANCE, fitted.provenanceJson().getBytes(StandardCharsets.UTF_8));
        Map<String, Double> metrics = fitted.heldOutMetrics();
        files.put(BundleLayout.METRICS, JSON.writeValueAsBytes(metrics));
        files.put(BundleLayout.FEATURES, JSON.writeValueAsBytes(FeaturesFile.toJson(training.data().encoding())));

        if (request.coordinates() != null) {
            BundleRequest.Coordinates c = request.coordinates();
            // Written by hand rather than by java.util.Properties, whose store() adds a date line.
            files.put(BundleLayout.marker(c.groupId(), c.artifactId()), ("groupId=" + c.groupId() + "\nartifactId="
                    + c.artifactId() + "\nversion=" + c.version() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        EmbeddingResult embedded = request.embeddings() == null ? EmbeddingResult.NONE
                : embed(request, files);

        BundleProvenance provenance = new BundleProvenance(fitted.params(), paramsSource,
                training.trainerName(fitted.params()), new BundleProvenance.Data(
                training.data().file().getFileName().toString(), training.data().sha256(),
                training.data().targetColumn(), training.splits().tuningRows().length,
                training.splits().heldOutRows().length, training.splits().testFraction(), training.splits().seed()),
                embedded.provenance, request.projectDirectory() == null ? null
                : GitCommit.of(request.projectDirectory()).orElse(null), request.pluginVersion(),
                request.timestamp().toString(), BundleLayout.PROVENANCE);

        List<BundleManifest.FileEntry> entries = new ArrayList<>();
        files.forEach((path, bytes) -> entries.add(new BundleManifest.FileEntry(path, bytes.length,
                Sha256.hex(bytes))));
        WrittenManifest manifest = new WrittenManifest(BundleManifest.FORMAT_VERSION, entries, provenance);
        SortedMap<String, byte[]> zipEntries = new TreeMap<>(files);
        zipEntries.put(BundleManifest.PATH, JSON.writeValueAsBytes(manifest));
        ReproducibleZip.write(request.zipFile(), zipEntries, request.timestamp());

        // Safety check: the application's path (BundleLoader) must give what the build has in memory.
        long checkStart = System.nanoTime();
        ModelBundle loaded;
        try {
            loaded = BundleLoader.load(request.zipFile());
            List<FittedModel.RowOutput> expected = fitted.heldOutOutputs();
            List<FittedModel.RowOutput> actual = FittedModel.outputsOf(loaded.model(), training.splits());
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).agrees(actual.get(i))) {
                    throw new BundleException("safety check failed: the reloaded model predicts '" + actual.get(i)
                            + "' for held-out row " + i + ", the trained model '" + expected.get(i) + "'");
                }
            }
            checkEmbeddings(request, embedded, loaded);
        } catch (RuntimeException e) {
            Files.deleteIfExists(request.zipFile());
            throw e instanceof BundleException ? e : new BundleException("safety check failed: " + e.getMessage(), e);
        }
        double checkSeconds = (System.nanoTime() - checkStart) / NANOS;

        byte[] zip = Files.readAllBytes(request.zipFile());
        String sha = Sha256.hex(zip);
        BundleReport report = new BundleReport(request.zipFile().getFileName().toString(), zip.length, sha,
                paramsSource, fitted.params(), new BundleReport.HeldOut(fitted.heldOutRows(), metrics), entries,
                new BundleReport.Embeddings(embedded.computed, embedded.cached, round(embedded.seconds),
                        embedded.report, embedded.cache == null ? null : embedded.cache.toString()),
                new BundleReport.SafetyCheck(fitted.heldOutRows(), embedded.checked,
                        onnx == null ? null : onnx.check(), round(checkSeconds)),
                round(fitSeconds), round((System.nanoTime() - start) / NANOS));
        AtomicFiles.write(request.reportFile(), out -> JSON.writeValue(out, report));
        return new Outcome(request.zipFile(), sha, zip.length, embedded.computed, embedded.cached, paramsSource,
                metrics, report);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** {@code {"params": {...}}} (one trial of best.json) or a whole best.json (its {@code best}). */
    static Map<String, Object> readParamsFile(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidSettingException("paramsFile", file, (Files.exists(file) ? "not valid JSON: " + e.getMessage().lines().findFirst().orElse("")
                    : "file not found"));
        }
        JsonNode params = root == null ? null : root.get("params");
        if (params == null && root != null && root.path("best").isObject()) {
            params = root.get("best").get("params");
        }
        if (params == null || !params.isObject()) {
            throw new InvalidSettingException("paramsFile", file, "expected an object with \"params\" (one trial"
                    + " of best.json) or a best.json with \"best\".\"params\"");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        params.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNumber()
                ? (Object) e.getValue().numberValue() : e.getValue().asText()));
        return out;
    }

    /** What embedding the corpora did. */
    private static final class EmbeddingResult {
        static final EmbeddingResult NONE = new EmbeddingResult();
        int computed;
        int cached;
        int checked;
        double seconds;
        Path cache;
        Embedder embedder;
        BundleProvenance.Embeddings provenance = null;
        final Map<String, BundleReport.Corpus> report = new LinkedHashMap<>();
        final Map<String, List<String>> texts = new LinkedHashMap<>();
    }

    private static EmbeddingResult embed(BundleRequest request, SortedMap<String, byte[]> files) throws IOException {
        EmbeddingsSpec spec = request.embeddings();
        if (spec.getCorpora().isEmpty()) {
            throw new InvalidSettingException(CorpusText.CORPORA, null, "empty: name at least one CSV file");
        }
        long start = System.nanoTime();
        List<CorpusText> corpora = new ArrayList<>();
        for (CorpusSpec c : spec.getCorpora()) {
            CorpusText text = CorpusText.read(c);
            if (corpora.stream().anyMatch(o -> o.name().equals(text.name()))) {
                throw new InvalidSettingException(CorpusText.CORPUS.child("name"), text.name(), "appears twice");
            }
            corpora.add(text);
        }
        EmbeddingResult result = new EmbeddingResult();
        Embedder embedder = request.embedders().apply(spec.getModel());
        result.embedder = embedder;
        EmbeddingCache cache = EmbeddingCache.open(request.cacheDirectory(), embedder.model(), embedder.dimension());
        result.cache = cache.file();
        Map<String, BundleProvenance.Corpus> corporaProvenance = new TreeMap<>();
        for (CorpusText corpus : corpora) {
            List<float[]> vectors = new ArrayList<>(corpus.texts().size());
            int computedHere = CorpusVectors.fill(cache, embedder, corpus.texts());
            result.computed += computedHere;
            result.cached += corpus.texts().size() - computedHere;
            for (String t : corpus.texts()) {
                vectors.add(cache.get(t).orElseThrow());
            }
            // Near-duplicates: greedy in file order, a row is kept unless too close to a kept one.
            double threshold = spec.getDedupThreshold();
            boolean[] duplicate = threshold > 0 ? NearDuplicates.removed(NeighbourIndex.of(
                    vectors.toArray(float[][]::new)), threshold) : new boolean[vectors.size()];
            List<Integer> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (int i = 0; i < vectors.size(); i++) {
                if (duplicate[i]) {
                    removed.add(corpus.ids().get(i));
                } else {
                    kept.add(i);
                }
            }
            List<float[]> rows = kept.stream().map(vectors::get).toList();
            List<String> ids = kept.stream().map(corpus.ids()::get).toList();
            List<String> labels = corpus.labels() == null ? null : kept.stream().map(corpus.labels()::get).toList();
            result.texts.put(corpus.name(), kept.stream().map(corpus.texts()::get).toList());

            Map<String, Object> index = new LinkedHashMap<>();
            index.put("corpus", corpus.name());
            index.put("model", embedder.model());
            index.put("dimension", embedder.dimension());
            index.put("normalization", "l2");
            index.put("dtype", "float32-le");
            index.put("count", rows.size());
            index.put("ids", ids);
            index.put("labels", labels);
            index.put("dedupThreshold", threshold > 0 ? threshold : null);
            index.put("removedDuplicates", removed);
            files.put(BundleLayout.corpusFile(corpus.name(), BundleLayout.INDEX), JSON.writeValueAsBytes(index));
            files.put(BundleLayout.corpusFile(corpus.name(), BundleLayout.VECTORS),
                    CorpusEmbeddings.toBytes(rows, embedder.dimension()));
            int centroids = 0;
            if (spec.getCentroidsPerLabel() > 0 && labels != null) {
                Map<String, List<float[]>> byLabel = new TreeMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    byLabel.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(rows.get(i));
                }
                Map<String, List<float[]>> out = new TreeMap<>();
                byLabel.forEach((label, members) -> out.put(label,
                        KMeans.centroids(members, spec.getCentroidsPerLabel(), request.study().seed())));
                centroids = out.values().stream().mapToInt(List::size).sum();
                files.put(BundleLayout.corpusFile(corpus.name(), BundleLayout.CENTROIDS), JSON.writeValueAsBytes(out));
            }
            result.report.put(corpus.name(), new BundleReport.Corpus(spec.getCorpora().stream()
                    .filter(c -> corpus.name().equals(c.getName())).findFirst().map(c -> c.getPath().getName())
                    .orElse(null), corpus.texts().size(), rows.size(), removed.size(), computedHere, centroids));
            corporaProvenance.put(corpus.name(), new BundleProvenance.Corpus(rows.size(),
                    Sha256.hex(String.join("\u0000", corpus.texts()).getBytes(StandardCharsets.UTF_8))));
        }
        result.seconds = (System.nanoTime() - start) / NANOS;
        result.provenance = new BundleProvenance.Embeddings(embedder.model(), embedder.dimension(), "l2",
                spec.getDedupThreshold() > 0 ? spec.getDedupThreshold() : null, spec.getCentroidsPerLabel(),
                corporaProvenance);
        return result;
    }

    /** Re-embeds a sample of each corpus' texts (bypassing the cache) and compares with the loaded bundle. */
    private static void checkEmbeddings(BundleRequest request, EmbeddingResult embedded, ModelBundle loaded) {
        if (embedded.embedder == null) {
            return;
        }
        int sample = Math.max(1, request.embeddings().getCheckSample());
        for (Map.Entry<String, List<String>> e : embedded.texts.entrySet()) {
            CorpusEmbeddings corpus = loaded.embeddings(e.getKey());
            List<String> texts = e.getValue();
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(sample, texts.size()); i++) {
                rows.add((int) ((long) i * texts.size() / Math.min(sample, texts.size())));
            }
            List<float[]> fresh = embedded.embedder.embed(rows.stream().map(texts::get).toList());
            for (int j = 0; j < rows.size(); j++) {
                float[] bundled = corpus.vector(rows.get(j));
                for (int d = 0; d < bundled.length; d++) {
                    if (Math.abs(bundled[d] - fresh.get(j)[d]) > EMBEDDING_TOLERANCE) {
                        throw new BundleException("safety check failed: the bundled embedding of corpus '"
                                + e.getKey() + "' row '" + corpus.ids().get(rows.get(j)) + "' differs from a fresh "
                                + "computation (dimension " + d + ": " + bundled[d] + " vs " + fresh.get(j)[d]
                                + "); delete the embedding cache " + embedded.cache + " and rebuild");
                    }
                }
            }
            embedded.checked += rows.size();
        }
    }
}
