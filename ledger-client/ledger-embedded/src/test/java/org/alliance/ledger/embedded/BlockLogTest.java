package org.alliance.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockLogTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> reopen(Path file) {
        List<BlockLog.Line> lines = new ArrayList<>();
        try (BlockLog log = BlockLog.open(file, lines)) {
            assertThat(log.file()).isEqualTo(file);
        }
        return lines.stream().map(l -> new String(l.bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void appendedLinesSurviveReopenWithOffsets() {
        Path file = dir.resolve("blocks.log");
        List<BlockLog.Line> none = new ArrayList<>();
        try (BlockLog log = BlockLog.open(file, none)) {
            assertThat(log.append(b("{\"n\":0}"))).isZero();
            assertThat(log.append(b("{\"n\":1}"))).isEqualTo(8);
        }
        List<BlockLog.Line> lines = new ArrayList<>();
        try (BlockLog log = BlockLog.open(file, lines)) {
            assertThat(log.append(b("{\"n\":2}"))).isEqualTo(16);
        }
        assertThat(lines).extracting(BlockLog.Line::offset).containsExactly(0L, 8L);
        assertThat(reopen(file)).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void tornTailIsCutOffBecauseItWasNeverAcknowledged() throws IOException {
        Path file = dir.resolve("blocks.log");
        Files.write(file, b("{\"n\":0}\n{\"n\":1,\"s\":\"}"));
        assertThat(reopen(file)).containsExactly("{\"n\":0}");
        assertThat(Files.readString(file)).isEqualTo("{\"n\":0}\n");
    }

    @Test
    void completeBlockMissingOnlyItsTerminatorIsAlsoUnacknowledged() throws IOException {
        Path file = dir.resolve("blocks.log");
        Files.write(file, b("{\"n\":0}\n{\"n\":1}"));
        assertThat(reopen(file)).containsExactly("{\"n\":0}");
    }

    @Test
    void completeBlockFollowedByStrayBytesIsTampering() throws IOException {
        Path file = dir.resolve("blocks.log");
        byte[] content = b("{\"n\":0}\n{\"n\":1}X");
        Files.write(file, content);
        assertThatThrownBy(() -> reopen(file)).isInstanceOfSatisfying(LedgerTamperedException.class, e -> {
            assertThat(e.failure()).isEqualTo(LedgerTamperedException.Failure.UNTERMINATED);
            assertThat(e.offset()).isEqualTo(8);
        });
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void scannerSkipsBracketsInsideStrings() {
        assertThat(BlockLog.JsonScan.endOfFirstValue(b("{\"a\":\"}\\\"}\"}x"))).isEqualTo(12);
        assertThat(BlockLog.JsonScan.endOfFirstValue(b("{\"a\":[1,{\"b\":2}"))).isEqualTo(-1);
    }
}
