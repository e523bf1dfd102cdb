package dev.tuner.bundle;

import dev.tuner.features.ColumnKind;
import dev.tuner.features.FeatureColumn;
import dev.tuner.features.RowEncoding;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A loaded, verified bundle: the Tribuo model, its ONNX form when there is one, the held-out metrics, the
 * embeddings of each corpus and the manifest. Immutable; safe to share between threads (Tribuo models predict
 * concurrently).
 */
public final class ModelBundle {
    private final BundleManifest manifest;
    private final Map<String, byte[]> files;
    private final Model<?> model;
    private final Map<String, Double> metrics;
    private final Map<String, CorpusEmbeddings> embeddings;
    private final String source;
    /** The columns' encoding of training; null for a bundle built before row prediction. */
    private final RowEncoding encoding;
    private volatile Embedder embedder;

    ModelBundle(BundleManifest manifest, Map<String, byte[]> files, Model<?> model, Map<String, Double> metrics,
                Map<String, CorpusEmbeddings> embeddings) {
        this(null, manifest, files, model, metrics, embeddings, null);
    }

    ModelBundle(String source, BundleManifest manifest, Map<String, byte[]> files, Model<?> model,
                Map<String, Double> metrics, Map<String, CorpusEmbeddings> embeddings, RowEncoding encoding) {
        this.source = source;
        this.manifest = manifest;
        this.files = files;
        this.model = model;
        // Shared by every thread of the application: nothing handed out may be changed through.
        this.metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        this.embeddings = Collections.unmodifiableMap(new TreeMap<>(embeddings));
        this.encoding = encoding;
    }

    /**
     * The model's prediction for a raw row, given as column name to cell as in the training CSV: the cells become
     * features by exactly the rule of training ({@code features.json}: the columns' kinds, the missing-value
     * indicators, the text features, the constant feature), and the model applies its own scaling. A column the row
     * lacks, or maps to null, is missing; names that are not feature columns (the target, anything else) are
     * ignored. Thread-safe.
     *
     * @throws BundleException          for a bundle built before row prediction (it has no {@code features.json})
     * @throws IllegalArgumentException for a row the model cannot predict (two columns give the same feature, no
     *                                  feature of the row is one the model knows, or the row has names but none of
     *                                  them is a feature column: names that do not match the training header)
     */
    @SuppressWarnings("unchecked")
    public RowPrediction predict(Map<String, String> row) {
        RowEncoding encoding = encoding();
        Objects.requireNonNull(row, "row");
        if (!row.isEmpty() && encoding.columns().stream().noneMatch(c -> row.containsKey(c.name()))) {
            // Every column would be missing and the answer would look like any other: a mistake (the names of
            // another schema, another case), not a row to predict.
            throw new IllegalArgumentException(source + ": none of the row's names " + new TreeSet<>(row.keySet())
                    + " is a feature column of the bundle " + columnNames() + "; the names must be those of the "
                    + "training CSV's header");
        }
        RowEncoding.Features f = encoding.encode(row);
        if (Arrays.stream(f.names()).noneMatch(name -> model.getFeatureIDMap().get(name) != null)) {
            // Tribuo's own refusal prints the whole Example and names neither the bundle nor the cause.
            List<String> given = Arrays.asList(f.names());
            throw new IllegalArgumentException(source + ": not one feature of the row is known to the model (it "
                    + "gives " + (given.size() <= 8 ? given : given.subList(0, 8) + " and " + (given.size() - 8)
                    + " more") + "): every column is missing or holds a value training never saw, and training "
                    + "never saw these missing");
        }
        if (model.validate(Label.class)) {
            Prediction<Label> p = ((Model<Label>) model).predict(
                    new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names(), f.values()));
            Map<String, Double> scores = new TreeMap<>();
            p.getOutputScores().forEach((name, score) -> scores.put(name, score.getScore()));
            return new RowPrediction(p.getOutput().getLabel(), scores, Double.NaN);
        }
        if (model.validate(Regressor.class)) {
            Prediction<Regressor> p = ((Model<Regressor>) model).predict(
                    new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, f.names(), f.values()));
            return new RowPrediction(null, Map.of(), p.getOutput().getValues()[0]);
        }
        throw new IllegalStateException(source + ": predict handles classification and regression models, not "
                + model.getClass().getName());
    }

    /**
     * The cells of a row that {@link #predict} reads as giving nothing although they hold a value: a numeric column's
     * cell that is not a finite decimal number ({@code 1,065}, read as missing), a category training never saw, a
     * text none of whose words training saw. Column name to what became of its cell, in the columns' order; empty
     * when every cell counts. Predict follows the rule of training, which reads such cells so (and the build warned of
     * them in the training data); this is for an application to log or refuse such rows. Thread-safe.
     *
     * @throws BundleException for a bundle built before row prediction (it has no {@code features.json})
     */
    public Map<String, String> unreadCells(Map<String, String> row) {
        Objects.requireNonNull(row, "row");
        Map<String, String> unread = new LinkedHashMap<>();
        for (FeatureColumn column : encoding().columns()) {
            String cell = row.get(column.name());
            if (cell == null || RowEncoding.isMissing(cell)) {
                continue;
            }
            String trimmed = cell.trim();
            if (column.kind() == ColumnKind.NUMERIC) {
                if (Double.isNaN(RowEncoding.parseNumber(trimmed))) {
                    unread.put(column.name(), "'" + trimmed + "' is not a number: read as missing");
                }
                continue;
            }
            List<String> features = new ArrayList<>();
            RowEncoding.encodeCell(column, trimmed, (feature, value, c) -> features.add(feature));
            if (features.stream().noneMatch(f -> !f.equals(column.indicator())
                    && model.getFeatureIDMap().get(f) != null)) {
                unread.put(column.name(), column.kind() == ColumnKind.TEXT ? "no word of it was seen in training"
                        : "'" + trimmed + "' is a category training never saw");
            }
        }
        return unread;
    }

    /**
     * The feature columns of training, in the CSV's order: the names {@link #predict} reads from a row (each with its
     * kind and whether every training row had a number in it).
     *
     * @throws BundleException for a bundle built before row prediction (it has no {@code features.json})
     */
    public List<FeatureColumn> columns() {
        return encoding().columns();
    }

    private List<String> columnNames() {
        return encoding.columns().stream().map(FeatureColumn::name).toList();
    }

    private RowEncoding encoding() {
        if (encoding == null) {
            throw new BundleException(source + ": the bundle predates row prediction (it has no "
                    + BundleLayout.FEATURES + "); rebuild it with this plugin's tuner:bundle, or predict Tribuo "
                    + "Examples with model()");
        }
        return encoding;
    }

    /**
     * The sentence-embedding model the bundle's corpora were embedded with, to embed a query for
     * {@link CorpusEmbeddings#nearest}: the same text gives the bundle's vector. Created on the first call (loading
     * the model takes a second or two) and shared afterwards; thread-safe.
     *
     * @throws BundleException naming the Maven dependency to add when the model's runtime is not on the class path,
     *                         or when the bundle has no embeddings
     */
    public Embedder embedder() {
        Embedder e = embedder;
        if (e == null) {
            synchronized (this) {
                if (embedder == null) {
                    String name = embeddings.values().stream().map(CorpusEmbeddings::model).findFirst()
                            .orElseThrow(() -> new BundleException(source + ": the bundle has no embeddings, so no "
                                    + "embedding model"));
                    embedder = Embedders.forQueries(source, name);
                }
                e = embedder;
            }
        }
        return e;
    }

    /** Where the bundle was loaded from, as messages name it. */
    String source() {
        return source;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The Tribuo model, read from its protobuf form. */
    public Model<?> model() {
        return model;
    }

    /** The ONNX form ({@code model/model.onnx}) when the model could export one. */
    public Optional<byte[]> onnx() {
        return file(BundleLayout.MODEL_ONNX);
    }

    /** Metrics on the held-out rows ({@code metrics.json}). */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** Names of the embedded corpora. */
    public Set<String> corpora() {
        return embeddings.keySet();
    }

    /** @throws IllegalArgumentException for a corpus the bundle does not hold */
    public CorpusEmbeddings embeddings(String corpus) {
        CorpusEmbeddings e = embeddings.get(corpus);
        if (e == null) {
            throw new IllegalArgumentException("the bundle has no corpus '" + corpus + "'; it has " + corpora());
        }
        return e;
    }

    /** The verified bytes of one file of the bundle. */
    public Optional<byte[]> file(String path) {
        byte[] b = files.get(path);
        return Optional.ofNullable(b == null ? null : b.clone());
    }
}
