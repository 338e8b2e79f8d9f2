package org.alliance.ledger.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataScannerTest {
    private static ObjectNode with(String field, String value) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("body").put(field, value);
        return n;
    }

    private static byte[] imageBytes(int... magic) {
        byte[] b = new byte[100];
        for (int i = 0; i < magic.length; i++) {
            b[i] = (byte) magic[i];
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        DemoAlliance.ID_NUMBER_LITERAL,
        "applicant " + DemoAlliance.ID_NUMBER_LITERAL + " filed",
        "ref:" + DemoAlliance.ID_NUMBER_LITERAL + "abc",
        "11010519491231002x",
        "legacy 110105491231002 number",
        "data:image/png;base64,AAAA",
        "see DATA:text/plain,hello"
    })
    void personalDataInAnyStringIsFound(String value) {
        assertThat(PersonalDataScanner.scan(with("reasonCode", value))).hasSize(1)
                .first().satisfies(f -> assertThat(f.path()).isEqualTo("$.body.reasonCode"));
    }

    @Test
    void imagesAreFoundAsBase64AndHex() {
        byte[][] images = {
            imageBytes(0xFF, 0xD8, 0xFF, 0xE0),
            imageBytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
            imageBytes('G', 'I', 'F', '8', '9', 'a'),
            imageBytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'),
        };
        for (byte[] image : images) {
            assertThat(PersonalDataScanner.scan(with("blob", Base64.getEncoder().encodeToString(image))))
                    .extracting(PersonalDataScanner.Finding::kind).containsExactly("image");
            assertThat(PersonalDataScanner.scan(with("blob", HexFormat.of().formatHex(image))))
                    .extracting(PersonalDataScanner.Finding::kind).containsExactly("image");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "fullName", "id_number", "idNumber", "photo", "image", "faceImage"})
    void fieldsNamedForPersonalDataAreFound(String field) {
        assertThat(PersonalDataScanner.scan(with(field, "x")))
                .extracting(PersonalDataScanner.Finding::kind).containsExactly("field named for personal data");
    }

    @Test
    void chineseTextOnlyInDescriptiveFields() {
        assertThat(PersonalDataScanner.scan(with("deviceId", "张三"))).hasSize(1);
        // A reason is a code now; words in it are free text, which stays off the ledger.
        assertThat(PersonalDataScanner.scan(with("reason", "张三"))).hasSize(1);
        assertThat(PersonalDataScanner.scan(with("reason", "证照信息与原件不一致"))).hasSize(1);
        assertThat(PersonalDataScanner.scan(with("regionName", "漳州市"))).isEmpty();
        ObjectNode materials = JsonNodeFactory.instance.objectNode();
        materials.putArray("materials").add("身份证").add("转移申请表");
        assertThat(PersonalDataScanner.scan(materials)).isEmpty();
    }

    @Test
    void aDigestWhoseDigitsHappenToReadAsAnIdNumberPasses() {
        // As a chain's prev hash did in a test run: refusing it would have stopped the case for good.
        String digest = "440507197707073226" + "ab".repeat(23);
        for (String v : List.of(digest, "sm3:" + digest, "sha256:" + digest.toUpperCase(java.util.Locale.ROOT))) {
            assertThat(PersonalDataScanner.scan(with("prev", v))).as(v).isEmpty();
        }
        // Not a 32-byte digest: shorter or longer hex, or more than hex in it.
        for (String v : List.of("440507197707073226" + "ab".repeat(7), digest + "ab", "id " + digest, digest + "g")) {
            assertThat(PersonalDataScanner.scan(with("value", v))).as(v).isNotEmpty();
        }
    }

    @Test
    void ordinaryLedgerValuesPass() {
        String[] values = {
            "case-2026-0001/step-2", "2026-11-22T08:30:00Z", "sm3:" + "0123456789".repeat(6) + "abcd",
            "0123456789".repeat(6) + "abcd", "SIT01-350600-2026-000001", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
            "ZhangzhouMSP", "1234567890123456789012",
        };
        for (String v : values) {
            assertThat(PersonalDataScanner.scan(with("value", v))).as(v).isEmpty();
        }
    }

    @Test
    void storedValuesAreScannedAsJsonOrElseAsText() {
        byte[] json = ("{\"index\":{\"reasonCode\":\"" + DemoAlliance.ID_NUMBER + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(PersonalDataScanner.scanStored(json)).extracting(PersonalDataScanner.Finding::path)
                .containsExactly("$.index.reasonCode");
        assertThat(PersonalDataScanner.scanStored(("id " + DemoAlliance.ID_NUMBER).getBytes(StandardCharsets.UTF_8)))
                .hasSize(1);
        assertThat(PersonalDataScanner.scanStored("{\"title\":\"企业设立登记\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(PersonalDataScanner.scanStored("v1".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void requireNoneThrowsPersonalDataWithoutEchoingTheValue() {
        assertThatThrownBy(() -> PersonalDataScanner.requireNone(with("reasonCode", DemoAlliance.ID_NUMBER)))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PERSONAL_DATA);
                    assertThat(e.getMessage()).doesNotContain(DemoAlliance.ID_NUMBER).contains("$.body.reasonCode");
                });
    }
}
