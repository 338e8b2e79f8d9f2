package org.alliance.ledger.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static String canon(String json) {
        return new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
    }

    @Test
    void rfc8785PrimitiveExample() {
        // RFC 8785 section 3.2.2.
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        assertThat(canon(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void rfc8785SortsByUtf16CodeUnits() {
        // RFC 8785 section 3.2.3.
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertThat(canon(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void allThreeEntryPointsAgree() {
        String json = "{ \"b\" : [1, 2.0, -0], \"a\" : {\"z\": \"\u4e2d\", \"y\": null} }";
        byte[] expected = "{\"a\":{\"y\":null,\"z\":\"\u4e2d\"},\"b\":[1,2,0]}".getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalJson.canonicalize(json)).isEqualTo(expected);
        assertThat(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(CanonicalJson.canonicalize(StrictJson.parseTree(json.getBytes(StandardCharsets.UTF_8), 1024)))
                .isEqualTo(expected);
    }

    @Test
    void refusesDuplicateKeysInsteadOfPickingOne() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":1,\"a\":2}"))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonInputException.Kind.DUPLICATE_KEY));
    }

    @Test
    void refusesWhatHasNoCanonicalForm() {
        for (String bad : new String[] {"", "{", "[1,]", "01", "NaN", "1e400", "\"\\ud800\"", "{\"a\":1} x",
                "\ufeff{}", "'a'", "{\"a\":1,}"}) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(bad)).as(bad).isInstanceOf(JsonInputException.class);
        }
        ObjectNode withNaN = JsonNodeFactory.instance.objectNode().put("x", Double.NaN);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(withNaN)).isInstanceOf(JsonInputException.class);
        ObjectNode withBinary = JsonNodeFactory.instance.objectNode().put("x", new byte[] {1});
        assertThatThrownBy(() -> CanonicalJson.canonicalize(withBinary)).isInstanceOf(JsonInputException.class);
    }

    @Test
    void refusesInvalidUtf8Bytes() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(new byte[] {'"', (byte) 0xC3, '"'}))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.getMessage()).contains("UTF-8"));
    }

    @Test
    void acceptsDepthBeyondRecordLimitUpToItsOwn() {
        String deep = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);
        assertThat(canon(deep)).isEqualTo(deep);
        String tooDeep = "[" + deep + "]";
        assertThatThrownBy(() -> CanonicalJson.canonicalize(tooDeep))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonInputException.Kind.TOO_DEEP));
    }

    @Test
    void topLevelScalarsAreCanonicalToo() {
        assertThat(canon(" null ")).isEqualTo("null");
        assertThat(canon("1.50")).isEqualTo("1.5");
        assertThat(canon("\"\\u20ac\"")).isEqualTo("\"\u20ac\"");
        assertThat(canon("true")).isEqualTo("true");
    }

    @Test
    void largeIntegersFollowIeee754AsRfc8785Requires() {
        assertThat(canon("[9007199254740993, 1e21, 1e20, 0.1]")).isEqualTo("[9007199254740992,1e+21,100000000000000000000,0.1]");
    }
}
