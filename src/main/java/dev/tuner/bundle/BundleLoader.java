package dev.tuner.bundle;

import dev.tuner.study.Sha256;
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
    private static final java.util.concurrent.Executor BACKGROUND = task -> {
        Thread t = new Thread(task, "tuner-bundle-verify");
        t.setDaemon(true);
        t.start();
    };

    private final String description;
    private final Callable<InputStream> source;
    /** The bundle file, when the source is one: read with random access instead of streamed. */
    private final Path file;

    private BundleLoader(String description, Callable<InputStream> source, Path file) {
        this.description = description;
        this.source = source;
        this.file = file;
    }

    /** A loader of the bundle file {@code zip}. */
    public static BundleLoader of(Path zip) {
        return new BundleLoader(zip.toString(), () -> Files.newInputStream(zip), zip);
    }

    /** A loader of the bundle at {@code url} (file:, jar:, http: ... whatever the JDK opens). */
    public static BundleLoader of(URL url) {
        return new BundleLoader(url.toString(), url::openStream, null);
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
        }, null);
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
        if (file != null) {
            return parse(description, readEntries(description, file));
        }
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

    /**
     * The entries of a bundle file, read through the zip's central directory: stored entries (the float vectors)
     * are copied straight from the file, which makes a cold load about twice as fast as streaming the zip.
     */
    static Map<String, byte[]> readEntries(String source, Path zip) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.Enumeration<? extends ZipEntry> all = in.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName();
                checkSafeName(source, name);
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content;
                try (InputStream data = in.getInputStream(entry)) {
                    content = data.readAllBytes();
                }
                if (entries.put(name, content) != null) {
                    throw new BundleException(source + ": entry '" + name + "' appears twice; refusing the bundle");
                }
            }
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BundleException(source + ": file not found");
        } catch (IOException e) {
            throw new BundleException(source + ": not a readable zip file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new BundleException(source + ": not a model bundle (no zip entries)");
        }
        return entries;
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
        return verify(source, entries, path -> Sha256.hex(entries.get(path)));
    }

    /**
     * Checks that {@code entries} are exactly the files the manifest among them lists, each with its size and the
     * SHA-256 that {@code sha256Of} gives for its path.
     */
    static BundleManifest verify(String source, Map<String, byte[]> entries,
                                 java.util.function.Function<String, String> sha256Of) {
        byte[] manifestBytes = entries.get(BundleManifest.PATH);
        if (manifestBytes == null) {
            throw new BundleException(source + ": no " + BundleManifest.PATH + "; not a model bundle");
        }
        BundleManifest manifest;
        try {
            manifest = readManifest(manifestBytes);
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
            String sha256 = sha256Of.apply(path);
            if (content.length != f.size() || !sha256.equals(f.sha256())) {
                throw new BundleException(source + ": checksum mismatch for '" + path + "' (manifest: " + f.size()
                        + " bytes, sha256 " + f.sha256() + "; found " + content.length + " bytes, sha256 "
                        + sha256 + "); the bundle is corrupt or was tampered with");
            }
        }
        for (String path : listed.keySet()) {
            if (!entries.containsKey(path)) {
                throw new BundleException(source + ": '" + path + "' is listed in the manifest but missing");
            }
        }
        return manifest;
    }

    /**
     * Reads the manifest through Jackson's tree model rather than data binding: binding would introspect the record
     * classes, a cost a cold JVM pays on every application start.
     */
    static BundleManifest readManifest(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<BundleManifest.FileEntry> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            files.add(new BundleManifest.FileEntry(f.path("path").asText(), f.path("size").asLong(-1),
                    f.path("sha256").asText()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = root.has("provenance")
                ? JSON.convertValue(root.get("provenance"), Map.class) : Map.of();
        return new BundleManifest(root.path("formatVersion").asInt(-1), files, provenance);
    }

    private static ModelBundle parse(String source, Map<String, byte[]> files) {
        byte[] modelBytes = files.get(BundleLayout.MODEL);
        if (modelBytes == null) {
            throw new BundleException(source + ": no " + BundleLayout.MODEL);
        }
        // A cold JVM spends most of a load starting Jackson (for the manifest), loading Tribuo's and protobuf's
        // classes and hashing the vectors. The hashing and the class loading run on a second thread while this one
        // reads the manifest; nothing is parsed before its checksum matched.
        java.util.concurrent.CompletableFuture<Map<String, String>> hashes =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    FittedModel.loadClasses();
                    Map<String, String> out = new java.util.HashMap<>();
                    files.forEach((path, content) -> out.put(path, Sha256.hex(content)));
                    return out;
                }, BACKGROUND);
        BundleManifest manifest;
        try {
            manifest = verify(source, files, path -> hashes.join().get(path));
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BundleException(source + ": cannot verify the bundle: " + cause.getMessage(), cause);
        }
        Model<?> model;
        try {
            model = FittedModel.readProtobuf(modelBytes);
        } catch (RuntimeException e) {
            throw new BundleException(source + ": " + BundleLayout.MODEL + ": " + e.getMessage(), e);
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
