package dev.tuner.bundle;

import dev.tuner.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes depend only on its entries and a timestamp: entries in sorted path order, no directory
 * entries, every entry stamped with the same DOS time (the timestamp in UTC, set with
 * {@link ZipEntry#setTimeLocal}, so the machine's time zone does not enter), no extra fields, no comment, default
 * (zero) external attributes, i.e. the same permissions for every file, and DEFLATE at level 9 (float vectors,
 * {@code .f32}, are stored: they barely compress and inflating them would dominate a load). The file is written
 * to a temporary sibling and moved into place, so a failed build leaves no half-written bundle.
 */
final class ReproducibleZip {
    /** DOS time cannot go below 1980; a timestamp before that is clamped. */
    private static final Instant DOS_EPOCH = Instant.parse("1980-01-01T00:00:02Z");

    private ReproducibleZip() {
    }

    static void write(Path target, SortedMap<String, byte[]> entries, Instant timestamp) throws IOException {
        Instant stamp = timestamp.isBefore(DOS_EPOCH) ? DOS_EPOCH : timestamp;
        LocalDateTime local = LocalDateTime.ofInstant(stamp, ZoneOffset.UTC);
        AtomicFiles.write(target, os -> {
            try (ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.setLevel(Deflater.BEST_COMPRESSION);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTimeLocal(local);
                    byte[] content = e.getValue();
                    if (e.getKey().endsWith(".f32")) {
                        // Float vectors barely compress (about 8%) and inflating them dominates a cold load.
                        CRC32 crc = new CRC32();
                        crc.update(content);
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(content.length);
                        entry.setCompressedSize(content.length);
                        entry.setCrc(crc.getValue());
                    } else {
                        entry.setMethod(ZipEntry.DEFLATED);
                    }
                    zip.putNextEntry(entry);
                    zip.write(content);
                    zip.closeEntry();
                }
            }
        });
    }
}
