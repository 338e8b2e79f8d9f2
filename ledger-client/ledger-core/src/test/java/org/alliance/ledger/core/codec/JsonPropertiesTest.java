package org.alliance.ledger.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Parsing and canonicalization never fail in an untyped way, and canonical form is a fixed point. */
class JsonPropertiesTest {

    /** Runs an action that may refuse the input, but only with the typed exception. */
    private static void onlyTypedRefusal(Runnable action) {
        try {
            action.run();
        } catch (JsonInputException e) {
            assertThat(e.kind()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void randomBytesAreAcceptedOrRefusedWithTypedError(@ForAll byte[] bytes) {
        onlyTypedRefusal(() -> CanonicalJson.canonicalize(bytes));
        onlyTypedRefusal(() -> StrictJson.parseTree(bytes, 4096));
    }

    @Property
    void randomStringsAreAcceptedOrRefusedWithTypedError(@ForAll String text) {
        onlyTypedRefusal(() -> CanonicalJson.canonicalize(text));
        onlyTypedRefusal(() -> StrictJson.parseTree(text.getBytes(StandardCharsets.UTF_8), 4096));
    }

    @Property
    void jsonLookingNoiseIsAcceptedOrRefusedWithTypedError(@ForAll("jsonNoise") String text) {
        onlyTypedRefusal(() -> CanonicalJson.canonicalize(text));
        onlyTypedRefusal(() -> StrictJson.read(text.getBytes(StandardCharsets.UTF_8), Sample.class, 4096));
    }

    @Property
    void canonicalFormIsAFixedPointAndEntryPointsAgree(@ForAll("jsonValues") String json) {
        byte[] once = CanonicalJson.canonicalize(json);
        assertThat(CanonicalJson.canonicalize(once)).isEqualTo(once);
        assertThat(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(once);
        assertThat(CanonicalJson.canonicalize(StrictJson.parseTree(json.getBytes(StandardCharsets.UTF_8),
                StrictJson.MAX_DOCUMENT_BYTES))).isEqualTo(once);
    }

    /** A small target type for binding random input. */
    record Sample(String name, int count, List<String> tags) {
    }

    @Provide
    Arbitrary<String> jsonNoise() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\u\ud800")
                .ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return value(3);
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "-0", "1e21", "0.000001", "1E-7"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().filter(Double::isFinite).map(String::valueOf),
                text().map(JsonPropertiesTest::quote));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> child = Arbitraries.lazy(() -> value(depth - 1));
        Arbitrary<String> array = child.list().ofMaxSize(4).map(items -> "[" + String.join(", ", items) + "]");
        Arbitrary<String> object = Combinators.combine(text(), child).as((k, v) -> new String[] {k, v})
                .list().ofMaxSize(4).uniqueElements(kv -> kv[0])
                .map(members -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (String[] kv : members) {
                        sb.append(sb.length() > 1 ? ", " : "").append(quote(kv[0])).append(" : ").append(kv[1]);
                    }
                    return sb.append('}').toString();
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    /** Strings of valid Unicode (no lone surrogates), including controls, CJK and an emoji. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(8),
                Arbitraries.of("\ud83d\ude00", "\u20ac", "\ufb33", "a\"b\\c"));
    }

    private static String quote(String s) {
        try {
            return StrictJson.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
