package dev.tuner.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.files.Sha256;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a real bundle into hostile ones: entries replaced, dropped, added, renamed or duplicated, with or
 * without a manifest that matches the change (a forger can always rebuild the manifest; a corrupted download
 * cannot).
 */
final class HostileBundles {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One zip entry, in the order it is written; names and duplicates are not checked. */
    record Entry(String name, byte[] content) {
    }

    private final List<Entry> entries = new ArrayList<>();

    private HostileBundles() {
    }

    /** The entries of the bundle {@code zip}, in its order. */
    static HostileBundles of(Path zip) throws IOException {
        HostileBundles out = new HostileBundles();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                out.entries.add(new Entry(e.getName(), z.getInputStream(e).readAllBytes()));
            }
        }
        return out;
    }

    HostileBundles copy() {
        HostileBundles out = new HostileBundles();
        out.entries.addAll(entries);
        return out;
    }

    byte[] content(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().content();
    }

    /** Replaces the content of {@code name} and leaves the manifest as it was. */
    HostileBundles replace(String name, byte[] content) {
        entries.replaceAll(e -> e.name().equals(name) ? new Entry(name, content) : e);
        return this;
    }

    /** Replaces the content of {@code name} and rewrites the manifest's size and sha256 to match. */
    HostileBundles forge(String name, byte[] content) {
        replace(name, content);
        return editManifest(m -> {
            for (JsonNode f : m.get("files")) {
                if (f.get("path").asText().equals(name)) {
                    ((ObjectNode) f).put("size", content.length).put("sha256", Sha256.hex(content));
                }
            }
        });
    }

    /** Edits the JSON file {@code name} and rewrites the manifest to match. */
    HostileBundles forgeJson(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(content(name));
            edit.accept(node);
            return forge(name, JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HostileBundles editManifest(Consumer<ObjectNode> edit) {
        try {
            ObjectNode manifest = (ObjectNode) JSON.readTree(content(BundleManifest.PATH));
            edit.accept(manifest);
            return replace(BundleManifest.PATH, JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops {@code name} from the zip (the manifest still lists it). */
    HostileBundles remove(String name) {
        entries.removeIf(e -> e.name().equals(name));
        return this;
    }

    /** Drops {@code name} from the zip and from the manifest. */
    HostileBundles removeEverywhere(String name) {
        remove(name);
        return editManifest(m -> {
            ArrayNode files = (ArrayNode) m.get("files");
            for (int i = files.size() - 1; i >= 0; i--) {
                if (files.get(i).get("path").asText().equals(name)) {
                    files.remove(i);
                }
            }
        });
    }

    HostileBundles add(String name, byte[] content) {
        entries.add(new Entry(name, content));
        return this;
    }

    /** The manifest's entry for {@code path}, to edit. */
    static ObjectNode listed(ObjectNode manifest, String path) {
        for (JsonNode f : manifest.get("files")) {
            if (f.get("path").asText().equals(path)) {
                return (ObjectNode) f;
            }
        }
        throw new IllegalArgumentException(path);
    }

    /**
     * Writes the zip. ZipOutputStream refuses a duplicate name, so a repeated entry is written under a stand-in of
     * the same length (its last character replaced by BEL) and its name bytes are put back afterwards, in the
     * local header and in the central directory alike.
     */
    Path write(Path zip) throws IOException {
        return write(zip, null, 0);
    }

    /**
     * Writes the zip with the content of {@code bombName} replaced by {@code zeros} zero bytes, streamed through the
     * deflater so that a zip bomb never sits in this JVM's memory.
     */
    Path write(Path zip, String bombName, long zeros) throws IOException {
        Set<String> names = new HashSet<>();
        Map<String, String> standIns = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Entry e : entries) {
                String name = e.name();
                if (!names.add(name)) {
                    String standIn = name.substring(0, name.length() - 1) + '\u0007';
                    standIns.put(standIn, name);
                    name = standIn;
                }
                out.putNextEntry(new ZipEntry(name));
                if (name.equals(bombName)) {
                    byte[] chunk = new byte[1 << 20];
                    for (long left = zeros; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                } else {
                    out.write(e.content());
                }
                out.closeEntry();
            }
        }
        byte[] content = bytes.toByteArray();
        standIns.forEach((standIn, name) -> replaceAll(content, standIn.getBytes(StandardCharsets.UTF_8),
                name.getBytes(StandardCharsets.UTF_8)));
        return Files.write(zip, content);
    }

    private static void replaceAll(byte[] content, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= content.length; i++) {
            if (Arrays.equals(content, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, content, i, to.length);
            }
        }
    }
}
