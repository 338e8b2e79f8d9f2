package org.alliance.ledger.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.alliance.ledger.core.codec.JsonInputException.Kind;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    /** A small target type standing in for the record classes. */
    record Sample(String name, int count, List<String> tags) {
        Sample {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Kind kindOf(String json) {
        try {
            StrictJson.read(utf8(json), Sample.class, 4096);
        } catch (JsonInputException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.kind();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsValidInput() {
        Sample s = StrictJson.read(utf8("{\"name\":\"a\",\"count\":2,\"tags\":[\"x\"]}"), Sample.class, 4096);
        assertThat(s).isEqualTo(new Sample("a", 2, List.of("x")));
    }

    @Test
    void classifiesEveryRefusal() {
        assertThat(kindOf("{\"name\":\"a\",\"count\":1,\"extra\":true}")).isEqualTo(Kind.UNKNOWN_FIELD);
        assertThat(kindOf("{\"name\":\"a\",\"name\":\"b\",\"count\":1}")).isEqualTo(Kind.DUPLICATE_KEY);
        assertThat(kindOf("{\"name\":\"a\",\"count\":1} {}")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("{\"name\":\"a\",\"count\":\"1\"}")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("{\"name\":\"a\",\"count\":1.5}")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("{\"name\":\"a\",\"count\":null}")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("{\"name\":\"a\",\"count\":-1}")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("null")).isEqualTo(Kind.MALFORMED);
        assertThat(kindOf("{\"name\":\"" + "x".repeat(5000) + "\"}")).isEqualTo(Kind.TOO_LARGE);
    }

    @Test
    void unknownFieldMessageNamesField() {
        assertThatThrownBy(() -> StrictJson.read(utf8("{\"name\":\"a\",\"count\":1,\"secret\":1}"), Sample.class, 4096))
                .hasMessageContaining("secret");
    }

    @Test
    void depthLimitIsSixteen() {
        String ok = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        assertThat(StrictJson.parseTree(utf8(ok), 4096).isArray()).isTrue();
        String deep = "[" + ok + "]";
        assertThatThrownBy(() -> StrictJson.parseTree(utf8(deep), 4096))
                .isInstanceOfSatisfying(JsonInputException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP));
    }

    @Test
    void refusesOtherEncodingsAndBrokenUnicode() {
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> StrictJson.parseTree(utf16, 4096)).isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> StrictJson.parseTree(utf8("[\"\\udc00\"]"), 4096))
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> StrictJson.parseTree(new byte[] {'[', (byte) 0xFF, ']'}, 4096))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> StrictJson.parseTree(new byte[0], 4096))
                .isInstanceOfSatisfying(JsonInputException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void nullMembersAreOmittedOnOutput() throws Exception {
        assertThat(StrictJson.mapper().writeValueAsString(new Sample(null, 1, null))).isEqualTo("{\"count\":1}");
    }
}
