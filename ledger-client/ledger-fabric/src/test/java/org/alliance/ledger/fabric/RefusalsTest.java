package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.junit.jupiter.api.Test;

/** How the client reads the rules' refusals out of the gateway's wording, and its value types. */
class RefusalsTest {
    @Test
    void theRulesCodeIsFoundInTheGatewaysWording() {
        RuleException e = Refusals.parse("chaincode response 500, WRONG_ROLE: client certificate has no "
                + "'alliance.role' attribute", "tx1", null).orElseThrow();
        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ROLE);
        assertThat(e.getMessage()).isEqualTo("client certificate has no 'alliance.role' attribute (transaction tx1)");
        assertThat(Refusals.parse("evaluate call to endorser returned error: READ_ONLY: auditors never write", "t", null)
                .orElseThrow().code()).isEqualTo(ErrorCode.READ_ONLY);
    }

    @Test
    void wordsShapedLikeACodeThatAreNotOneAreSkipped() {
        assertThat(Refusals.parse("ABORTED: failed, UNKNOWN_CASE: no case 'x'", "t", null).orElseThrow().code())
                .isEqualTo(ErrorCode.UNKNOWN_CASE);
        assertThat(Refusals.parse("INTERNAL: GetRecord failed unexpectedly; see the chaincode log", "t", null)).isEmpty();
        assertThat(Refusals.parse("UNAVAILABLE: io exception", "t", null)).isEmpty();
        assertThat(Refusals.parse("", "t", null)).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsUnavailableWithoutTheGatewaysDetails() {
        assertThat(Connection.unreachable(io.grpc.Status.UNAVAILABLE, true)).isTrue();
        assertThat(Connection.unreachable(io.grpc.Status.UNAVAILABLE, false)).isFalse();
        assertThat(Connection.unreachable(io.grpc.Status.DEADLINE_EXCEEDED, true)).isFalse();
    }

    @Test
    void anEmptyBatchIsMalformedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> FabricLedger.transactionName(List.of())).isInstanceOfSatisfying(RuleException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }

    @Test
    void timeoutsArePositive() {
        assertThatThrownBy(() -> Timeouts.DEFAULTS.withCommitStatus(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commitStatus");
        assertThat(Timeouts.DEFAULTS.withCommitStatus(Duration.ofSeconds(1)).endorse()).isEqualTo(Timeouts.DEFAULTS.endorse());
    }

    @Test
    void aLedgerNeedsAUserAndAGatewayPeerForItsOrg() {
        assertThatThrownBy(() -> FabricLedger.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one user");
        assertThatThrownBy(() -> FabricLedger.builder().user(new FabricUser("ZhangzhouMSP",
                org.alliance.ledger.core.record.Role.CLERK, java.nio.file.Path.of("c.pem"), java.nio.file.Path.of("k.pem")))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no gateway peer");
    }
}
