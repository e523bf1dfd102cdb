package dev.tuner.bundle;

import dev.tuner.files.AtomicFiles;
import dev.tuner.files.Sha256;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Embeddings computed by earlier builds, keyed by model and the SHA-256 of the text, shared by every build that
 * points at the same directory (by default {@code <local repository>/.cache/tuner-embeddings}).
 *
 * <h2>Format</h2>
 * One file per model, {@code <model>.f32cache}: the magic {@code TUNEREMB}, a format version (int), the model name
 * (modified UTF-8), the dimension (int), the entry count (int), then per entry the 32 bytes of SHA-256(UTF-8 text)
 * and {@code dimension} big-endian floats. Entries are written in hash order, so the same content gives the same
 * file.
 *
 * <h2>Crash safety</h2>
 * {@link #save} writes a temporary file in the same directory and moves it over the old one atomically, after
 * merging the entries on disk (another build may have added some meanwhile). A reader sees the old file or the new
 * one, never a half-written one. Two builds saving at the same moment can lose each other's new entries (the last
 * move wins); they are computed again next time. A file that does not parse is ignored with a warning and replaced.
 */
public final class EmbeddingCache {
    private static final Logger LOG = Logger.getLogger(EmbeddingCache.class.getName());
    private static final byte[] MAGIC = "TUNEREMB".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HASH_BYTES = 32;

    private final Path file;
    private final String model;
    private final int dimension;
    private final Map<String, float[]> entries = new HashMap<>();
    private final Map<String, float[]> added = new HashMap<>();

    private EmbeddingCache(Path file, String model, int dimension) {
        this.file = file;
        this.model = model;
        this.dimension = dimension;
    }

    /** Opens (reads) the cache of {@code model} in {@code directory}; a missing file is an empty cache. */
    public static EmbeddingCache open(Path directory, String model, int dimension) {
        String safe = model.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
        EmbeddingCache cache = new EmbeddingCache(directory.resolve(safe + ".f32cache"), model, dimension);
        cache.entries.putAll(cache.read());
        return cache;
    }

    /** The key of a text: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String key(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<float[]> get(String text) {
        return Optional.ofNullable(entries.get(key(text)));
    }

    public void put(String text, float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector of " + vector.length + " floats for a " + dimension
                    + "-dimensional cache");
        }
        entries.put(key(text), vector);
        added.put(key(text), vector);
    }

    public int size() {
        return entries.size();
    }

    public Path file() {
        return file;
    }

    /** Writes the new entries (merged with what is on disk now) through a temporary file and an atomic move. */
    public void save() throws IOException {
        if (added.isEmpty()) {
            return;
        }
        Files.createDirectories(file.getParent());
        Map<String, float[]> merged = new TreeMap<>(read());
        merged.putAll(added);
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(model);
            out.writeInt(dimension);
            out.writeInt(merged.size());
            for (Map.Entry<String, float[]> e : merged.entrySet()) {
                out.write(HexFormat.of().parseHex(e.getKey()));
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
        });
        entries.putAll(added);
        added.clear();
    }

    private Map<String, float[]> read() {
        Map<String, float[]> out = new HashMap<>();
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
                throw new IOException("not a tuner embedding cache of version " + VERSION);
            }
            String storedModel = in.readUTF();
            int storedDimension = in.readInt();
            if (!storedModel.equals(model) || storedDimension != dimension) {
                throw new IOException("holds " + storedModel + " (" + storedDimension + " dimensions), not " + model);
            }
            int count = in.readInt();
            byte[] hash = new byte[HASH_BYTES];
            for (int i = 0; i < count; i++) {
                in.readFully(hash);
                float[] v = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    v[d] = in.readFloat();
                }
                out.put(HexFormat.of().formatHex(hash), v);
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after " + count + " entries");
            }
            return out;
        } catch (NoSuchFileException e) {
            return out;
        } catch (EOFException e) {
            LOG.log(Level.WARNING, "Ignoring the embedding cache " + file + ": it ends early; it will be rewritten");
            return new HashMap<>();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring the embedding cache " + file + ": " + e.getMessage()
                    + "; it will be rewritten");
            return new HashMap<>();
        }
    }
}
