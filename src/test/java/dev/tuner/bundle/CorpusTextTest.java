package dev.tuner.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CorpusTextTest {
    @TempDir
    Path dir;

    /**
     * A corpus saved by a spreadsheet as "CSV UTF-8" starts with a byte-order mark; it is read as the same file
     * without it (the data set's reader skips it too). Kept, it made the first column '\uFEFFid', which no
     * {@code <idColumn>id</idColumn>} matched.
     */
    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws Exception {
        String csv = "id,text,topic\nd1,wheat exports rise,grain\nd2,central bank raises rates,money\n";
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, csv);
        Path marked = dir.resolve("marked.csv");
        Files.writeString(marked, "\uFEFF" + csv, StandardCharsets.UTF_8);
        CorpusText expected = CorpusText.read(new CorpusSpec("docs", plain.toFile(), "id", "text", "topic"));
        assertEquals(expected, CorpusText.read(new CorpusSpec("docs", marked.toFile(), "id", "text", "topic")));
        assertEquals(List.of("d1", "d2"), expected.ids());
    }
}
