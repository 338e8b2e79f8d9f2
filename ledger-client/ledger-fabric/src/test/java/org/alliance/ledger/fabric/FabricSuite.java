package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every class of the fabric suite shares: the tag, the run's network and its alliance. */
@Tag("fabric")
@ExtendWith(FabricNetwork.class)
abstract class FabricSuite {
    static FabricAlliance alliance;

    @BeforeAll
    static void alliance(FabricAlliance theAlliance) {
        alliance = theAlliance;
    }

    /** A refusal by the rules, with its code, that names the transaction it was refused in. */
    static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RuleException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains("(transaction ");
        });
    }
}
