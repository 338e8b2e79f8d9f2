package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

class ChaincodeErrorsTest {

    private static void assertChaincodeError(Runnable action, String code, String messageStart) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ChaincodeException.class, e -> {
            assertThat(new String(e.getPayload(), StandardCharsets.UTF_8)).isEqualTo(code);
            assertThat(e.getMessage()).startsWith(messageStart).doesNotContain("\n").doesNotContain("Exception");
        });
    }

    @Test
    void refusalsCarryCodeInMessageAndPayload() {
        ChaincodeException e = ChaincodeErrors.toChaincode(new RuleException(ErrorCode.WRONG_ORG, "not yours"));
        assertThat(e.getMessage()).isEqualTo("WRONG_ORG: not yours");
        assertThat(e.getPayload()).isEqualTo("WRONG_ORG".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void translatePassesResultsAndMapsRefusals() {
        assertThat(ChaincodeErrors.translate("T", () -> "ok")).isEqualTo("ok");
        assertChaincodeError(() -> ChaincodeErrors.translate("T", () -> {
            throw new RuleException(ErrorCode.WRONG_STATE, "case is closed");
        }), "WRONG_STATE", "WRONG_STATE: case is closed");
    }

    @Test
    void unexpectedFailuresLeakNothing() {
        assertChaincodeError(() -> ChaincodeErrors.translate("GetRecord", () -> {
            throw new IllegalStateException("secret internal detail");
        }), ChaincodeErrors.INTERNAL, "INTERNAL: GetRecord failed");
        assertThatThrownBy(() -> ChaincodeErrors.translate("GetRecord", () -> {
            throw new NullPointerException("secret internal detail");
        })).hasMessageNotContaining("secret");
    }

    @Test
    void chaincodeExceptionsPassThrough() {
        ChaincodeException original = new ChaincodeException("X: y", "X");
        assertThatThrownBy(() -> ChaincodeErrors.translate("T", () -> {
            throw original;
        })).isSameAs(original);
    }

    @Test
    void parseFailuresAreMalformedInputButRefusalsKeepTheirCode() {
        assertThat(ChaincodeErrors.parse("page size", () -> Integer.parseInt("12"))).isEqualTo(12);
        assertThatThrownBy(() -> ChaincodeErrors.parse("page size", () -> Integer.parseInt("x")))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT);
                    assertThat(e.getMessage()).isEqualTo("cannot parse page size");
                });
        assertThatThrownBy(() -> ChaincodeErrors.parse("record", () -> {
            throw new RuleException(ErrorCode.UNKNOWN_FIELD, "field 'x'");
        })).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD));
    }
}
