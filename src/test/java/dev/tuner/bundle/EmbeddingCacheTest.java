package dev.tuner.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingCacheTest {
    @TempDir
    Path dir;

    @Test
    void entriesSurviveAReopenAndSavesMergeWithWhatIsOnDisk() throws Exception {
        float[] a = new HashingEmbedder().embed(List.of("alpha")).get(0);
        float[] b = new HashingEmbedder().embed(List.of("beta")).get(0);
        EmbeddingCache one = EmbeddingCache.open(dir, "m", 384);
        EmbeddingCache two = EmbeddingCache.open(dir, "m", 384);
        one.put("alpha", a);
        one.save();
        two.put("beta", b);
        two.save();
        EmbeddingCache reopened = EmbeddingCache.open(dir, "m", 384);
        assertEquals(2, reopened.size());
        assertArrayEquals(a, reopened.get("alpha").orElseThrow());
        assertArrayEquals(b, reopened.get("beta").orElseThrow());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aTruncatedOrForeignFileIsIgnoredNotFatal() throws Exception {
        EmbeddingCache cache = EmbeddingCache.open(dir, "m", 384);
        cache.put("alpha", new float[384]);
        cache.save();
        byte[] bytes = Files.readAllBytes(cache.file());
        Files.write(cache.file(), java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertEquals(0, EmbeddingCache.open(dir, "m", 384).size());
        Files.writeString(cache.file(), "garbage");
        EmbeddingCache again = EmbeddingCache.open(dir, "m", 384);
        assertEquals(0, again.size());
        again.put("beta", new float[384]);
        again.save();
        assertTrue(EmbeddingCache.open(dir, "m", 384).get("beta").isPresent());
    }
}
