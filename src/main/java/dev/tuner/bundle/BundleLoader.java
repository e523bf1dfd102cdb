package dev.tuner.bundle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.tribuo.FittedModel;
import org.tribuo.Model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads a model bundle for an application: from a file, a URL or a classpath resource. No Maven class is on
 * this path.
 *
 * <p>Order of work, so that nothing unverified is parsed:
 * <ol>
 *   <li>read every zip entry into memory, refusing names that are absolute, contain {@code ..}, backslashes or
 *       empty segments (they would escape a target directory: zip-slip), and duplicate names;</li>
 *   <li>read {@code manifest.json}, check its format version, then check that every other entry is listed with
 *       its exact size and SHA-256 and that every listed file is present;</li>
 *   <li>only then parse the model (Tribuo's protobuf form, never Java serialization), the metrics and the
 *       embeddings.</li>
 * </ol>
 * {@link #loadOrElse} is the graceful path: any failure is logged (java.util.logging, WARNING, with the reason)
 * and the fallback is returned.
 */
public final class BundleLoader {
    private static final Logger LOG = Logger.getLogger(BundleLoader.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Daemon threads, so a loader never keeps an application alive. */
    private static final java.util.concurrent.Executor MODEL_PARSER = task -> {
        Thread t = new Thread(task, "tuner-bundle-model");
        t.setDaemon(true);
        t.start();
    };

    private final String description;
    private final Callable<InputStream> source;

    private BundleLoader(String description, Callable<InputStream> source) {
        this.description = description;
        this.source = source;
    }

    /** A loader of the bundle file {@code zip}. */
    public static BundleLoader of(Path zip) {
        return new BundleLoader(zip.toString(), () -> Files.newInputStream(zip));
    }

    /** A loader of the bundle at {@code url} (file:, jar:, http: ... whatever the JDK opens). */
    public static BundleLoader of(URL url) {
        return new BundleLoader(url.toString(), url::openStream);
    }

    /** A loader of the classpath resource {@code resource} (no leading slash), via the context class loader. */
    public static BundleLoader ofResource(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ofResource(cl != null ? cl : BundleLoader.class.getClassLoader(), resource);
    }

    public static BundleLoader ofResource(ClassLoader loader, String resource) {
        return new BundleLoader("classpath:" + resource, () -> {
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new BundleException("classpath:" + resource + ": no such resource");
            }
            return in;
        });
    }

    /** Shorthand for {@code of(zip).load()}. */
    public static ModelBundle load(Path zip) {
        return of(zip).load();
    }

    /**
     * Reads, verifies and parses the bundle.
     *
     * @throws BundleException naming the source and what is wrong (missing, tampered, unsafe, unreadable)
     */
    public ModelBundle load() {
        byte[] bytes;
        try (InputStream in = source.call()) {
            bytes = in.readAllBytes();
        } catch (BundleException e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BundleException(description + ": file not found");
        } catch (Exception e) {
            throw new BundleException(description + ": cannot read: " + e, e);
        }
        return parse(description, readEntries(description, bytes));
    }

    /** {@link #load()}, or {@code fallback} (which may be null) after logging why the bundle could not be used. */
    public ModelBundle loadOrElse(ModelBundle fallback) {
        try {
            return load();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Model bundle not used, falling back: " + e.getMessage());
            return fallback;
        }
    }

    static Map<String, byte[]> readEntries(String source, byte[] zip) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                checkSafeName(source, name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (entries.put(name, in.readAllBytes()) != null) {
                    throw new BundleException(source + ": entry '" + name + "' appears twice; refusing the bundle");
                }
            }
        } catch (IOException e) {
            throw new BundleException(source + ": not a readable zip file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new BundleException(source + ": not a model bundle (no zip entries)");
        }
        return entries;
    }

    /** Refuses entry names that could escape a directory the bundle is extracted to. */
    static void checkSafeName(String source, String name) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || name.indexOf('\0') >= 0;
        if (!bad) {
            String[] segments = name.split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.equals("..") || s.equals(".") || (s.isEmpty() && i < segments.length - 1)) {
                    bad = true;
                    break;
                }
            }
        }
        if (bad) {
            throw new BundleException(source + ": unsafe entry name '" + name
                    + "' (absolute, '..', '\\' or ':' would escape the target); refusing the bundle");
        }
    }

    static BundleManifest verify(String source, Map<String, byte[]> entries) {
        return verify(source, entries, true);
    }

    /**
     * Checks {@code entries} against the manifest among them; with {@code complete}, also that {@code entries} is the
     * whole bundle (every listed file present, nothing unlisted).
     */
    static BundleManifest verify(String source, Map<String, byte[]> entries, boolean complete) {
        byte[] manifestBytes = entries.get(BundleManifest.PATH);
        if (manifestBytes == null) {
            throw new BundleException(source + ": no " + BundleManifest.PATH + "; not a model bundle");
        }
        BundleManifest manifest;
        try {
            manifest = JSON.readValue(manifestBytes, BundleManifest.class);
        } catch (IOException e) {
            throw new BundleException(source + ": " + BundleManifest.PATH + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (manifest.formatVersion() != BundleManifest.FORMAT_VERSION) {
            throw new BundleException(source + ": bundle format version " + manifest.formatVersion()
                    + " is not supported by this loader (version " + BundleManifest.FORMAT_VERSION + ")");
        }
        Map<String, BundleManifest.FileEntry> listed = new LinkedHashMap<>();
        for (BundleManifest.FileEntry f : Objects.requireNonNullElse(manifest.files(),
                List.<BundleManifest.FileEntry>of())) {
            listed.put(f.path(), f);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String path = e.getKey();
            if (path.equals(BundleManifest.PATH)) {
                continue;
            }
            BundleManifest.FileEntry f = listed.get(path);
            if (f == null) {
                throw new BundleException(source + ": entry '" + path + "' is not listed in the manifest; "
                        + "the bundle was modified after it was built");
            }
            byte[] content = e.getValue();
            if (content.length != f.size() || !Hashes.sha256(content).equals(f.sha256())) {
                throw new BundleException(source + ": checksum mismatch for '" + path + "' (manifest: " + f.size()
                        + " bytes, sha256 " + f.sha256() + "; found " + content.length + " bytes, sha256 "
                        + Hashes.sha256(content) + "); the bundle is corrupt or was tampered with");
            }
        }
        for (String path : listed.keySet()) {
            if (complete && !entries.containsKey(path)) {
                throw new BundleException(source + ": '" + path + "' is listed in the manifest but missing");
            }
        }
        return manifest;
    }

    private static ModelBundle parse(String source, Map<String, byte[]> files) {
        byte[] modelBytes = files.get(BundleLayout.MODEL);
        if (modelBytes == null) {
            throw new BundleException(source + ": no " + BundleLayout.MODEL);
        }
        // The model is checked first and parsed on a second thread while the (much larger) rest is verified:
        // a cold JVM spends most of a load loading Tribuo's classes and hashing the vectors, and the two overlap.
        Map<String, byte[]> modelOnly = new TreeMap<>();
        modelOnly.put(BundleLayout.MODEL, modelBytes);
        if (files.containsKey(BundleManifest.PATH)) {
            modelOnly.put(BundleManifest.PATH, files.get(BundleManifest.PATH));
        }
        BundleManifest manifest = verify(source, modelOnly, false);
        java.util.concurrent.CompletableFuture<Model<?>> parsed = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> FittedModel.readProtobuf(modelBytes), MODEL_PARSER);
        Model<?> model;
        try {
            verify(source, files, true);
            model = parsed.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BundleException(source + ": " + BundleLayout.MODEL + ": " + cause.getMessage(), cause);
        } finally {
            parsed.cancel(false);
        }
        try {
            Map<String, Double> metrics = files.containsKey(BundleLayout.METRICS)
                    ? JSON.readValue(files.get(BundleLayout.METRICS), new TypeReference<TreeMap<String, Double>>() {
            }) : Map.of();
            Map<String, CorpusEmbeddings> embeddings = new TreeMap<>();
            for (String path : files.keySet()) {
                if (path.startsWith(BundleLayout.EMBEDDINGS) && path.endsWith("/" + BundleLayout.INDEX)) {
                    String corpus = path.substring(BundleLayout.EMBEDDINGS.length(),
                            path.length() - BundleLayout.INDEX.length() - 1);
                    embeddings.put(corpus, corpus(source, corpus, files));
                }
            }
            return new ModelBundle(manifest, files, model, metrics, embeddings);
        } catch (IOException e) {
            throw new BundleException(source + ": unreadable bundle metadata: " + e.getMessage(), e);
        }
    }


    private static CorpusEmbeddings corpus(String source, String corpus, Map<String, byte[]> files)
            throws IOException {
        JsonNode index = JSON.readTree(files.get(BundleLayout.corpusFile(corpus, BundleLayout.INDEX)));
        int dimension = index.path("dimension").asInt();
        int count = index.path("count").asInt();
        List<String> ids = new ArrayList<>(count);
        index.path("ids").forEach(n -> ids.add(n.asText()));
        List<String> labels = null;
        if (index.hasNonNull("labels")) {
            labels = new ArrayList<>(count);
            for (JsonNode n : index.get("labels")) {
                labels.add(n.asText());
            }
        }
        byte[] vectors = files.get(BundleLayout.corpusFile(corpus, BundleLayout.VECTORS));
        if (vectors == null || ids.size() != count || (long) count * dimension * Float.BYTES != vectors.length
                || (labels != null && labels.size() != count)) {
            throw new BundleException(source + ": embeddings of corpus '" + corpus + "' are inconsistent: "
                    + count + " rows of " + dimension + " floats announced");
        }
        Map<String, List<float[]>> centroids = new TreeMap<>();
        byte[] centroidBytes = files.get(BundleLayout.corpusFile(corpus, BundleLayout.CENTROIDS));
        if (centroidBytes != null) {
            Map<String, List<float[]>> read = JSON.readValue(centroidBytes,
                    new TypeReference<TreeMap<String, List<float[]>>>() {
                    });
            centroids.putAll(read);
        }
        return new CorpusEmbeddings(corpus, index.path("model").asText(), dimension,
                index.path("normalization").asText(), ids, labels, CorpusEmbeddings.view(vectors), centroids);
    }
}
