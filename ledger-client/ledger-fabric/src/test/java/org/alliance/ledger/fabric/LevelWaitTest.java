package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When a wait for a level network orders one more block: only for the state a SmartBFT follower
 * can be left in on an idle channel, an orderer exactly one block behind with every peer at the
 * top; never for a lagging peer, nor for an orderer further behind, which has something else wrong.
 */
class LevelWaitTest {
    @Test
    void onlyAnOrdererExactlyOneBlockBehindEveryPeerCallsForAnotherBlock() {
        assertThat(FabricNetwork.Started.ordererOneBehind(Map.of("orderer.audit", 550L, "orderer.shantou", 551L,
                "peer.audit", 551L, "peer.shantou", 551L))).isTrue();
        assertThat(FabricNetwork.Started.ordererOneBehind(Map.of("orderer.audit", 550L, "orderer.xiamen", 550L,
                "orderer.shantou", 551L, "peer.audit", 551L))).isTrue();
        assertThat(FabricNetwork.Started.ordererOneBehind(Map.of("orderer.audit", 549L, "orderer.shantou", 551L,
                "peer.audit", 551L))).as("two blocks behind").isFalse();
        assertThat(FabricNetwork.Started.ordererOneBehind(Map.of("orderer.audit", 551L, "orderer.shantou", 551L,
                "peer.audit", 550L))).as("a peer behind").isFalse();
    }
}
