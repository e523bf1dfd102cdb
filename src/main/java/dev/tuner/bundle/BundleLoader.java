// Over 450 lines: every check of an untrusted zip, in the order docs/bundle.md ("What the loader checks") lists them.
package dev.tuner.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tuner.features.RowEncoding;
import dev.tuner.files.Sha256;
import org.tribuo.Model;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.JarURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Loads a model bundle for an application: from a file, a URL or a classpath resource. No Maven class is on
 * this path.
 *
 * <p>Order of work, so that nothing unverified is parsed and no input decides how much memory is used:
 * <ol>
 *   <li>with {@link #expectSha256} set, the SHA-256 of the whole zip must be the pinned one (this is what makes a
 *       bundle authentic: the checksums inside only show that it is intact);</li>
 *   <li>read {@code manifest.json} (at most {@value #MAX_MANIFEST_BYTES} bytes) and check every field of it: format
 *       version, and for every file a safe path, a size and a SHA-256. The sizes must add up to at most
 *       {@link #maxBytes} (default {@value #DEFAULT_MAX_BYTES}) and to at most the JVM's maximum heap;</li>
 *   <li>read every other entry, refusing names that are absolute, contain {@code ..}, backslashes or empty
 *       segments (zip-slip), duplicates and entries the manifest does not list, before reading a byte of them;
 *       each entry is read into an array of exactly the size the manifest declares and hashed as it streams in,
 *       and a byte beyond that size stops the load, so a zip bomb inflates no further than the manifest says;</li>
 *   <li>only then parse the model (Tribuo's protobuf form, never Java serialization), the metrics and the
 *       embeddings, checking every field of every JSON file, and that every feature of the model is one a column
 *       of {@code features.json} gives (the two come from the same build).</li>
 * </ol>
 * Every refusal is a {@link BundleException} naming the bundle, the file and the field. {@link #loadOrElse} is the
 * graceful path: any failure is logged (java.util.logging, WARNING, with the reason) and the fallback is returned.
 */
public final class BundleLoader {
    /** The default of {@link #maxBytes}: 1 GiB, the sum of the sizes of a bundle's files. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** What every zip file begins with: a local file header's signature. */
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    /** {@code manifest.json} lists files; 4 MiB is tens of thousands of them. */
    public static final int MAX_MANIFEST_BYTES = 4 << 20;
    /** The largest Java array: one entry of the bundle is held in one. */
    static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;
    /** Far above any sentence-embedding model (384 for MiniLM, 4096 for the largest in use). */
    static final int MAX_DIMENSION = 1 << 16;
    private static final int CHUNK = 1 << 16;
    /** The default of {@link #timeout}: long enough for a slow network, short enough to notice a dead server. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Logger LOG = Logger.getLogger(BundleLoader.class.getName());
    /** Daemon threads, so a loader never keeps an application alive. */
    private static final Executor BACKGROUND = task -> {
        Thread t = new Thread(task, "tuner-bundle-classes");
        t.setDaemon(true);
        t.start();
    };

    private final String description;
    private final Source source;
    /** The bundle file, when the source is one: read with random access instead of streamed. */
    private final Path file;
    private final String expectedSha256;
    private final long maxBytes;
    private final Duration timeout;

    /** Opens the bundle's bytes; a network source gives up after {@code timeout} without progress. */
    private interface Source {
        InputStream open(Duration timeout) throws Exception;
    }

    private BundleLoader(String description, Source source, Path file, String expectedSha256, long maxBytes,
                         Duration timeout) {
        this.description = description;
        this.source = source;
        this.file = file;
        this.expectedSha256 = expectedSha256;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    private BundleLoader(String description, Source source, Path file) {
        this(description, source, file, null, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT);
    }

    /** A loader of the bundle file {@code zip}. */
    public static BundleLoader of(Path zip) {
        return new BundleLoader(zip.toString(), timeout -> Files.newInputStream(zip), zip);
    }

    /**
     * A loader of the bundle at {@code url} (file:, jar:, http: ... whatever the JDK opens). Connecting and each read
     * give up after {@link #timeout} (30 s by default), so a server that accepts and never answers fails the load
     * instead of hanging it; an HTTP error status fails it naming the status.
     */
    public static BundleLoader of(URL url) {
        return new BundleLoader(url.toString(), timeout -> open(url.toString(), url, timeout), null);
    }

    /** Opens {@code url} with the connect and read timeouts set (the JDK's default for both is to wait forever). */
    private static InputStream open(String description, URL url, Duration timeout) throws IOException {
        URLConnection connection = url.openConnection();
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        if (connection instanceof HttpURLConnection http) {
            int status;
            try {
                status = http.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw timedOut(description, timeout, e);
            }
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new BundleException(description + ": HTTP " + status
                        + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage())
                        + "; no bundle there");
            }
        }
        try {
            return connection.getInputStream();
        } catch (SocketTimeoutException e) {
            throw timedOut(description, timeout, e);
        }
    }

    private static BundleException timedOut(String description, Duration timeout, Exception cause) {
        return new BundleException(description + ": no answer within " + timeout.toMillis() + " ms ("
                + cause.getMessage() + "; BundleLoader.timeout); refusing the bundle", cause);
    }

    /** A loader of the classpath resource {@code resource} (no leading slash), via the context class loader. */
    public static BundleLoader ofResource(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ofResource(cl != null ? cl : BundleLoader.class.getClassLoader(), resource);
    }

    public static BundleLoader ofResource(ClassLoader loader, String resource) {
        return new BundleLoader("classpath:" + resource, timeout -> {
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new BundleException("classpath:" + resource + ": no such resource");
            }
            return in;
        }, null);
    }

    /**
     * A loader of the bundle a Maven dependency brings, by its {@code groupId:artifactId}, through the context class
     * loader. See {@link #ofDependency(ClassLoader, String)}.
     */
    public static BundleLoader ofDependency(String coordinates) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ofDependency(cl != null ? cl : BundleLoader.class.getClassLoader(), coordinates);
    }

    /**
     * A loader of the bundle of the dependency {@code groupId:artifactId} on {@code loader}'s class path. Two places
     * are looked at, in this order, so that several bundles load side by side:
     * <ol>
     *   <li>{@code META-INF/tuner-bundles/<groupId>.<artifactId>-model-bundle.zip}: where maven-dependency-plugin's
     *       {@code copy-dependencies} ({@code prependGroupId}, {@code stripVersion}) puts the zip under the
     *       application's classes (docs/bundle.md); Maven itself never puts a zip dependency on a class path;</li>
     *   <li>the zip itself as a class path entry (IDEs, Gradle, {@code java -cp app.jar:bundle.zip}): found by the
     *       marker {@code META-INF/tuner-bundle/<groupId>/<artifactId>.properties} every bundle built with Maven
     *       coordinates holds, and read from the file (or URL) the marker's URL points into.</li>
     * </ol>
     * Nothing is looked up until {@link #load()}; a dependency in neither place is a {@link BundleException} then.
     *
     * @throws IllegalArgumentException when {@code coordinates} is not {@code groupId:artifactId}
     */
    public static BundleLoader ofDependency(ClassLoader loader, String coordinates) {
        String[] parts = Objects.requireNonNull(coordinates, "coordinates").strip().split(":", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("ofDependency: expected groupId:artifactId, found '" + coordinates
                    + "'");
        }
        String copied = BundleLayout.copiedBundle(parts[0], parts[1]);
        String marker = BundleLayout.marker(parts[0], parts[1]);
        String description = "dependency " + parts[0] + ":" + parts[1];
        return new BundleLoader(description, timeout -> {
            URL url = loader.getResource(copied);
            if (url == null) {
                URL found = loader.getResource(marker);
                if (found == null) {
                    throw new BundleException(description + ": not on the class path (neither " + copied
                            + " nor a bundle holding " + marker + "); see docs/bundle.md, \"Loading a bundle "
                            + "dependency\"");
                }
                url = zipHolding(description, found);
            }
            return open(description, url, timeout);
        }, null);
    }

    /** The zip (or jar) that the resource {@code entry} (a {@code jar:...!/entry} URL) is in. */
    private static URL zipHolding(String description, URL entry) throws IOException {
        URLConnection connection = entry.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new BundleException(description + ": the marker " + entry + " is not inside a zip; a bundle on the "
                    + "class path must be the zip itself, not its unpacked files");
        }
        return jar.getJarFileURL();
    }

    /** Shorthand for {@code of(zip).load()}. */
    public static ModelBundle load(Path zip) {
        return of(zip).load();
    }

    /**
     * This loader, accepting only the bundle whose zip file has SHA-256 {@code sha256} (64 hex digits; what
     * {@code tuner:bundle} logs and writes as {@code sha256} in {@code target/tuner/bundle.json}). The checksums in
     * the manifest show that a bundle is intact, not who built it: anyone can rebuild a manifest. An application
     * that must know it runs the bundle it released pins that bundle's hash here, taken from a place it trusts
     * (its own code or configuration). A bundle with another hash is refused with a {@link BundleException}.
     *
     * @throws IllegalArgumentException when {@code sha256} is not 64 hex digits
     */
    public BundleLoader expectSha256(String sha256) {
        String hex = Objects.requireNonNull(sha256, "sha256").strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException("expectSha256: not a SHA-256 (64 hex digits): '" + sha256 + "'");
        }
        return new BundleLoader(description, source, file, hex, maxBytes, timeout);
    }

    /**
     * This loader, refusing a bundle whose files add up to more than {@code bytes} (default
     * {@value #DEFAULT_MAX_BYTES}, 1 GiB). Raise it for very large embedding corpora; the JVM's maximum heap is a
     * limit in any case.
     *
     * @throws IllegalArgumentException when {@code bytes} is not positive
     */
    public BundleLoader maxBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + bytes);
        }
        return new BundleLoader(description, source, file, expectedSha256, bytes, timeout);
    }

    /**
     * This loader, giving up on a URL source (an {@link #of(URL)} or a dependency read through a URL) when
     * connecting or any single read takes longer than {@code timeout} (default 30 s). A
     * local file ignores it.
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public BundleLoader timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new BundleLoader(description, source, file, expectedSha256, maxBytes, timeout);
    }

    /**
     * Reads, verifies and parses the bundle.
     *
     * @throws BundleException naming the source and what is wrong (missing, corrupt, modified, unsafe, too large,
     *                         not the pinned bundle, a malformed field)
     */
    public ModelBundle load() {
        // A cold JVM spends much of a load loading Tribuo's and protobuf's classes: that runs on a second thread
        // while this one reads and verifies the zip.
        CompletableFuture<Void> classes = CompletableFuture.runAsync(ModelReader::loadClasses, BACKGROUND);
        try {
            return parse(read(), classes);
        } catch (OutOfMemoryError e) {
            // Every array the loader allocates is bounded by the manifest's sizes, maxBytes and the maximum heap;
            // what is left is the parsed form (JSON trees, the model's objects) outgrowing a heap the raw bytes fit
            // in. The allocation that failed was ours and everything read so far is garbage once this returns, so
            // the application gets a refusal (and its fallback) rather than an Error.
            throw new BundleException(description + ": does not fit in this JVM's heap (maximum "
                    + Runtime.getRuntime().maxMemory() + " bytes): " + e.getMessage());
        }
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

    /** The verified manifest and every file of the bundle, manifest included. */
    private record Contents(BundleManifest manifest, Map<String, byte[]> files) {
    }

    private Contents read() {
        if (file != null && Files.isDirectory(file)) {
            throw new BundleException(description + ": is a directory, not a bundle file (the zip tuner:bundle "
                    + "writes)");
        }
        if (file != null && Files.exists(file) && !Files.isRegularFile(file)) {
            // Opening a named pipe waits for a writer that may never come; a device never ends.
            throw new BundleException(description + ": is not a regular file (a pipe or a device), not a bundle "
                    + "file");
        }
        if (file != null && expectedSha256 == null) {
            // Through the zip's central directory: stored entries (the float vectors) are copied straight from the
            // file, which makes a cold load about twice as fast as streaming the zip.
            ZipFile opened;
            try {
                opened = new ZipFile(file.toFile());
            } catch (NoSuchFileException | FileNotFoundException e) {
                throw new BundleException(description + ": file not found");
            } catch (ZipException e) {
                throw notAZip(e);
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
            try (ZipFile zip = opened) {
                return readVerified(new FileEntries(description, zip));
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
        }
        // A pinned bundle is hashed and read from the same bytes, so the file cannot change in between.
        byte[] zip = readWholeZip();
        if (expectedSha256 != null) {
            String found = Sha256.hex(zip);
            if (!found.equals(expectedSha256)) {
                throw new BundleException(description + ": sha256 " + found + " is not the expected " + expectedSha256
                        + " (BundleLoader.expectSha256); not the pinned bundle, refusing it");
            }
        }
        try {
            return readVerified(new MemoryEntries(description, zip, maxBytes));
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    private BundleException unreadable(Exception e) {
        if (e instanceof BundleException b) {
            return b;
        }
        // ZipInputStream says a stored entry cut short with a ZipException "unexpected EOF", a deflated one with an
        // EOFException.
        if (e instanceof EOFException || (e instanceof ZipException && "unexpected EOF".equals(e.getMessage()))) {
            return cutShort(description, e);
        }
        return new BundleException(description + ": not a readable zip file: " + e.getMessage(), e);
    }

    /**
     * The file the JDK would not open as a zip, said as the stream path says it (so a bundle gives the same message
     * from a path as from a URL): bytes that do not begin with a zip entry are not a zip; a zip whose end is missing
     * was cut short.
     */
    private BundleException notAZip(ZipException e) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(LOCAL_HEADER.length);
            size = Files.size(file);
        } catch (IOException | RuntimeException unreadable) {
            return unreadable(e);
        }
        return Arrays.equals(head, LOCAL_HEADER) ? cutShort(description, e) : new BundleException(description
                + ": not a zip file (no zip entry in its " + size + " bytes)", e);
    }

    private static BundleException cutShort(String description, Exception e) {
        return new BundleException(description + ": not a readable zip file: it ends before its last entry (cut "
                + "short, as by an interrupted copy or download)", e);
    }

    /** The zip's raw bytes, at most {@link #maxBytes} of them (a zip is never larger than what it holds). */
    private byte[] readWholeZip() {
        int limit = (int) Math.min(maxBytes, MAX_ENTRY_BYTES);
        try (InputStream in = source.open(timeout)) {
            byte[] zip = in.readNBytes(limit);
            if (zip.length == limit && in.read() >= 0) {
                throw new BundleException(description + ": larger than " + limit
                        + " bytes, the loader's limit (BundleLoader.maxBytes); refusing the bundle");
            }
            return zip;
        } catch (BundleException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw timedOut(description, timeout, e);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new BundleException(description + ": file not found");
        } catch (Exception e) {
            throw new BundleException(description + ": cannot read: " + e, e);
        }
    }

    /** One entry's data, opened only when the entry is to be read. */
    private interface EntryData {
        InputStream open() throws IOException;
    }

    private interface EntryVisitor {
        void visit(String name, EntryData data) throws IOException;
    }

    /** The entries of a zip: its manifest, and every file entry in the zip's order, names checked. */
    private interface Entries {
        /** The bytes of {@code manifest.json}, or null when the zip has none. */
        byte[] manifest() throws IOException;

        void forEach(EntryVisitor visitor) throws IOException;
    }

    private Contents readVerified(Entries zip) throws IOException {
        byte[] manifestBytes = zip.manifest();
        if (manifestBytes == null) {
            throw new BundleException(description + ": no " + BundleManifest.PATH + "; not a model bundle");
        }
        BundleManifest manifest = readManifest(description, manifestBytes);
        Map<String, BundleManifest.FileEntry> listed = new HashMap<>();
        long declared = 0;
        for (BundleManifest.FileEntry f : manifest.files()) {
            listed.put(f.path(), f);
            declared += f.size();
        }
        if (declared > maxBytes) {
            throw new BundleException(description + ": the manifest declares " + declared + " bytes of files, more "
                    + "than the loader's limit of " + maxBytes + " (BundleLoader.maxBytes); refusing the bundle");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (declared > heap) {
            throw new BundleException(description + ": the manifest declares " + declared + " bytes of files, more "
                    + "than this JVM's maximum heap of " + heap + " bytes (-Xmx); refusing the bundle");
        }
        Map<String, byte[]> files = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        zip.forEach((name, data) -> {
            if (!seen.add(name)) {
                throw new BundleException(description + ": entry '" + name + "' appears twice; refusing the bundle");
            }
            if (name.equals(BundleManifest.PATH)) {
                return;
            }
            BundleManifest.FileEntry f = listed.get(name);
            if (f == null) {
                throw new BundleException(description + ": entry '" + name + "' is not listed in the manifest; "
                        + "the bundle was modified after it was built");
            }
            files.put(name, readEntry(name, data.open(), f));
        });
        for (String path : listed.keySet()) {
            if (!files.containsKey(path)) {
                throw new BundleException(description + ": '" + path + "' is listed in the manifest but missing");
            }
        }
        files.put(BundleManifest.PATH, manifestBytes);
        return new Contents(manifest, files);
    }

    /**
     * The entry's bytes, exactly the {@code f.size()} the manifest declares: hashed as they arrive, and one byte more
     * stops the read, whatever the zip says about its own sizes.
     */
    private byte[] readEntry(String name, InputStream in, BundleManifest.FileEntry f) throws IOException {
        byte[] content;
        try {
            content = new byte[(int) f.size()];
        } catch (OutOfMemoryError e) {
            throw new BundleException(description + ": '" + name + "' needs " + f.size() + " bytes, more than this "
                    + "JVM's heap has free; refusing the bundle");
        }
        MessageDigest sha = Sha256.newDigest();
        int n = 0;
        while (n < content.length) {
            int r = in.read(content, n, Math.min(CHUNK, content.length - n));
            if (r < 0) {
                break;
            }
            sha.update(content, n, r);
            n += r;
        }
        if (n < content.length) {
            throw new BundleException(description + ": '" + name + "' has " + n + " bytes, the manifest declares "
                    + f.size() + "; the bundle is truncated or was modified after it was built");
        }
        if (in.read() >= 0) {
            throw new BundleException(description + ": '" + name + "' holds more than the " + f.size() + " bytes the "
                    + "manifest declares; not read further (the bundle was modified after it was built)");
        }
        String found = Sha256.hex(sha);
        if (!found.equals(f.sha256())) {
            throw new BundleException(description + ": checksum mismatch for '" + name + "' (manifest: " + f.size()
                    + " bytes, sha256 " + f.sha256() + "; found " + n + " bytes, sha256 " + found
                    + "); the bundle is corrupt or was modified after it was built");
        }
        return content;
    }

    /** At most {@code max} bytes of {@code in}, or a refusal naming {@code name}. */
    private static byte[] readAtMost(String source, String name, InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max);
        if (bytes.length == max && in.read() >= 0) {
            throw new BundleException(source + ": " + name + " is larger than " + max + " bytes; refusing the bundle");
        }
        return bytes;
    }

    /** Reads an entry to its end without keeping it; refuses it beyond {@code limit} bytes. */
    private static long drain(String source, String name, InputStream in, long limit) throws IOException {
        byte[] scratch = new byte[CHUNK];
        long total = 0;
        for (int r; (r = in.read(scratch)) >= 0; ) {
            total += r;
            if (total > limit) {
                throw new BundleException(source + ": entry '" + name + "' inflates to more than " + limit
                        + " bytes before the manifest is read (the limit of BundleLoader.maxBytes and of the heap); "
                        + "refusing the bundle");
            }
        }
        return total;
    }

    /** Refuses a directory entry that holds data: a place to hide bytes that no checksum covers. */
    private static void checkEmptyDirectory(String source, String name, InputStream data) throws IOException {
        if (data.read() >= 0) {
            throw new BundleException(source + ": directory entry '" + name + "' holds data; refusing the bundle");
        }
    }

    /** A bundle file, read through its central directory (random access). */
    private static final class FileEntries implements Entries {
        private final String source;
        private final ZipFile zip;

        FileEntries(String source, ZipFile zip) {
            this.source = source;
            this.zip = zip;
        }

        @Override
        public byte[] manifest() throws IOException {
            // The names cost nothing to check here (they are in the central directory) and say more than any
            // later refusal would.
            zip.stream().forEach(e -> checkSafeName(source, e.getName()));
            ZipEntry entry = zip.getEntry(BundleManifest.PATH);
            if (entry == null || entry.isDirectory()) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return readAtMost(source, BundleManifest.PATH, in, MAX_MANIFEST_BYTES);
            }
        }

        @Override
        public void forEach(EntryVisitor visitor) throws IOException {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                checkSafeName(source, entry.getName());
                if (entry.isDirectory()) {
                    checkEmptyDirectory(source, entry.getName(), zip.getInputStream(entry));
                    continue;
                }
                InputStream[] opened = {null};
                try {
                    visitor.visit(entry.getName(), () -> opened[0] = zip.getInputStream(entry));
                } finally {
                    if (opened[0] != null) {
                        opened[0].close();
                    }
                }
            }
        }
    }

    /**
     * A bundle read from a stream, in memory: walked twice, once to the manifest (skipping, within
     * {@link #maxBytes}, what comes before it), once for every entry.
     */
    private static final class MemoryEntries implements Entries {
        private final String source;
        private final byte[] zip;
        private final long maxBytes;

        MemoryEntries(String source, byte[] zip, long maxBytes) {
            this.source = source;
            this.zip = zip;
            this.maxBytes = maxBytes;
        }

        @Override
        public byte[] manifest() throws IOException {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                // What comes before the manifest must fit within the limit and the heap like everything else.
                long limit = Math.min(maxBytes, Runtime.getRuntime().maxMemory());
                long skipped = 0;
                boolean any = false;
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    any = true;
                    checkSafeName(source, entry.getName());
                    if (!entry.isDirectory() && entry.getName().equals(BundleManifest.PATH)) {
                        return readAtMost(source, BundleManifest.PATH, in, MAX_MANIFEST_BYTES);
                    }
                    skipped += drain(source, entry.getName(), in, limit - skipped);
                }
                if (!any) {
                    // An empty download, an HTML error page, a directory listing: say so rather than "no manifest".
                    throw new BundleException(source + ": not a zip file (no zip entry in its " + zip.length
                            + " bytes)");
                }
                return null;
            }
        }

        @Override
        public void forEach(EntryVisitor visitor) throws IOException {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    checkSafeName(source, entry.getName());
                    if (entry.isDirectory()) {
                        // The next getNextEntry would inflate whatever a directory entry holds: it must hold nothing.
                        checkEmptyDirectory(source, entry.getName(), in);
                        continue;
                    }
                    // The visitor reads the entry to its end or refuses the bundle; the one entry it skips is the
                    // manifest, already read within MAX_MANIFEST_BYTES.
                    visitor.visit(entry.getName(), () -> in);
                }
            }
        }
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

    /**
     * Reads and checks {@code manifest.json} field by field, through Jackson's tree model rather than data binding:
     * binding would introspect the record classes, a cost a cold JVM pays on every application start.
     */
    static BundleManifest readManifest(String source, byte[] bytes) {
        BundleJson json = new BundleJson(source, BundleManifest.PATH);
        JsonNode root = json.object(bytes);
        long version = json.integer(root, "formatVersion", 0, Integer.MAX_VALUE);
        if (version > BundleManifest.FORMAT_VERSION) {
            // The application's copy of the plugin is older than the one that built the bundle: say which to use.
            JsonNode built = root.path("provenance").path("pluginVersion");
            String which = built.isTextual() && built.asText().matches("[\\w.+-]{1,40}")
                    ? " (" + built.asText() + ")" : "";
            throw new BundleException(source + ": bundle format version " + version + " is newer than this loader's ("
                    + BundleManifest.FORMAT_VERSION + "): depend on the tuner-maven-plugin version that built it"
                    + which + " or a later one");
        }
        if (version != BundleManifest.FORMAT_VERSION) {
            throw new BundleException(source + ": bundle format version " + version
                    + " is not supported by this loader (version " + BundleManifest.FORMAT_VERSION + ")");
        }
        List<BundleJson.Element> elements = json.objects(root, "files", "{\"path\", \"size\", \"sha256\"}");
        List<BundleManifest.FileEntry> files = new ArrayList<>(elements.size());
        Set<String> paths = new HashSet<>();
        for (BundleJson.Element element : elements) {
            JsonNode f = element.node();
            BundleJson fields = element.fields();
            String path = fields.text(f, "path");
            if (path.equals(BundleManifest.PATH) || !paths.add(path)) {
                throw fields.bad("path", "lists '" + path + "' "
                        + (path.equals(BundleManifest.PATH) ? "(the manifest itself)" : "a second time"));
            }
            long size = fields.integer(f, "size", 0, MAX_ENTRY_BYTES);
            String sha256 = fields.text(f, "sha256");
            if (!SHA256.matcher(sha256).matches()) {
                throw fields.bad("sha256", "must be 64 lower-case hex digits, found "
                        + BundleJson.shortText(f.get("sha256")));
            }
            files.add(new BundleManifest.FileEntry(path, size, sha256));
        }
        JsonNode provenanceNode = root.get("provenance");
        Map<String, Object> provenance = Map.of();
        if (provenanceNode != null && !provenanceNode.isNull()) {
            if (!provenanceNode.isObject()) {
                throw json.bad("provenance", "must be an object, found " + BundleJson.shortText(provenanceNode));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) BundleJson.frozen(
                    BundleJson.JSON.convertValue(provenanceNode, Map.class));
            provenance = read;
        }
        return new BundleManifest((int) version, List.copyOf(files), provenance);
    }

    private ModelBundle parse(Contents contents, CompletableFuture<Void> classes) {
        Map<String, byte[]> files = contents.files();
        byte[] modelBytes = files.get(BundleLayout.MODEL);
        if (modelBytes == null) {
            throw new BundleException(description + ": no " + BundleLayout.MODEL);
        }
        try {
            classes.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BundleException(description + ": cannot load Tribuo's model classes: " + cause, cause);
        }
        Model<?> model;
        try {
            model = ModelReader.read(modelBytes);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the model names a class that is missing or fails to initialise (a trainer module the
            // application does not have): the application's problem to hear about, not a reason to crash it.
            throw new BundleException(description + ": " + BundleLayout.MODEL + ": "
                    + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()), e);
        }
        Map<String, Double> metrics = files.containsKey(BundleLayout.METRICS)
                ? metrics(files.get(BundleLayout.METRICS)) : Map.of();
        Map<String, CorpusEmbeddings> embeddings = new TreeMap<>();
        for (String path : files.keySet()) {
            if (path.startsWith(BundleLayout.EMBEDDINGS) && path.endsWith("/" + BundleLayout.INDEX)) {
                String corpus = path.substring(BundleLayout.EMBEDDINGS.length(),
                        path.length() - BundleLayout.INDEX.length() - 1);
                embeddings.put(corpus, corpus(corpus, files));
            }
        }
        byte[] features = files.get(BundleLayout.FEATURES);
        RowEncoding encoding = features == null ? null : FeaturesFile.read(description, features);
        if (encoding != null) {
            List<String> names = new ArrayList<>();
            model.getFeatureIDMap().forEach(info -> names.add(info.getName()));
            String stray = FeaturesFile.unexplained(encoding, names);
            if (stray != null) {
                throw new BundleException(description + ": " + BundleLayout.MODEL + " uses the feature '" + stray
                        + "', which no column of " + BundleLayout.FEATURES + " gives; the model and "
                        + BundleLayout.FEATURES + " are not from the same build (a file swapped in from another "
                        + "bundle?)");
            }
        }
        return new ModelBundle(description, contents.manifest(), files, model, metrics, embeddings, encoding);
    }

    private Map<String, Double> metrics(byte[] bytes) {
        BundleJson json = new BundleJson(description, BundleLayout.METRICS);
        JsonNode root = json.object(bytes);
        Map<String, Double> metrics = new TreeMap<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            metrics.put(name, json.number(root, name));
        }
        return metrics;
    }

    private CorpusEmbeddings corpus(String corpus, Map<String, byte[]> files) {
        String indexPath = BundleLayout.corpusFile(corpus, BundleLayout.INDEX);
        byte[] indexBytes = files.get(indexPath);
        BundleJson json = new BundleJson(description, indexPath);
        JsonNode index = json.object(indexBytes);
        String vectorsPath = BundleLayout.corpusFile(corpus, BundleLayout.VECTORS);
        byte[] vectors = files.get(vectorsPath);
        if (vectors == null) {
            throw new BundleException(description + ": " + indexPath + " has no " + vectorsPath + " next to it");
        }
        int dimension = (int) json.integer(index, "dimension", 1, MAX_DIMENSION);
        // Each id takes at least its two quotes in index.json, so a count above half the file's size is false;
        // bounding it first keeps a forged count from sizing anything.
        int count = (int) json.integer(index, "count", 0, indexBytes.length / 2);
        long expected = (long) count * dimension * Float.BYTES;
        if (expected != vectors.length) {
            throw new BundleException(description + ": " + vectorsPath + " holds " + vectors.length + " bytes, but "
                    + indexPath + " announces \"count\" " + count + " x \"dimension\" " + dimension + " x 4 = "
                    + expected);
        }
        List<String> ids = json.texts(index, "ids", count);
        List<String> labels = index.hasNonNull("labels") ? json.texts(index, "labels", count) : null;
        String model = json.text(index, "model");
        String normalization = json.text(index, "normalization");
        Map<String, List<float[]>> centroids = new TreeMap<>();
        String centroidsPath = BundleLayout.corpusFile(corpus, BundleLayout.CENTROIDS);
        if (files.containsKey(centroidsPath)) {
            centroids.putAll(centroids(centroidsPath, files.get(centroidsPath), dimension));
        }
        return new CorpusEmbeddings(corpus, model, dimension, normalization, ids, labels,
                CorpusEmbeddings.view(vectors), centroids);
    }

    /** {@code centroids.json}: label to an array of centroids, each an array of {@code dimension} numbers. */
    private Map<String, List<float[]>> centroids(String path, byte[] bytes, int dimension) {
        BundleJson json = new BundleJson(description, path);
        JsonNode root = json.object(bytes);
        Map<String, List<float[]>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            JsonNode list = label.getValue();
            if (!list.isArray()) {
                throw json.bad(label.getKey(), "must be an array of centroids, found " + BundleJson.shortText(list));
            }
            List<float[]> rows = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                JsonNode row = list.get(i);
                String field = label.getKey() + "[" + i + "]";
                if (!row.isArray() || row.size() != dimension) {
                    throw json.bad(field, "must be an array of " + dimension + " numbers, found "
                            + (row.isArray() ? row.size() + " elements" : BundleJson.shortText(row)));
                }
                float[] v = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    if (!row.get(d).isNumber()) {
                        throw json.bad(field + "[" + d + "]", "must be a number, found "
                                + BundleJson.shortText(row.get(d)));
                    }
                    v[d] = (float) row.get(d).asDouble();
                }
                rows.add(v);
            }
            out.put(label.getKey(), rows);
        }
        return out;
    }
}
