package org.alliance.ledger.evm;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * How an {@link EvmAnchorer} anchors one alliance's checkpoints.
 *
 * @param nodeUrl the node's JSON-RPC URL
 * @param submitter the registered submitter account that signs the anchor transactions
 * @param contractAddress the anchor contract
 * @param allianceId the alliance whose checkpoints this anchorer anchors
 * @param journal the file that keeps the transaction in flight across restarts (one per submitter account)
 * @param confirmations blocks, the including one counted, before an anchor counts as done (at least 1)
 * @param pollInterval how often the anchorer asks the node
 * @param stuckAfter how long a sent transaction may wait for inclusion before it is replaced with a higher fee
 * @param schedule how often the checkpoint source is asked for a checkpoint to anchor; zero for never
 * @param initialMaxFeePerGas the fee cap of a first transaction, in wei; null to take twice the base fee plus the tip
 * @param priorityFeePerGas the tip of a first transaction, in wei; null to take the node's suggestion
 */
public record AnchorerSettings(String nodeUrl, Credentials submitter, String contractAddress, String allianceId,
        Path journal, int confirmations, Duration pollInterval, Duration stuckAfter, Duration schedule,
        BigInteger initialMaxFeePerGas, BigInteger priorityFeePerGas) {

    /** Checks the settings. */
    public AnchorerSettings {
        Objects.requireNonNull(nodeUrl, "nodeUrl");
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(contractAddress, "contractAddress");
        Objects.requireNonNull(allianceId, "allianceId");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(stuckAfter, "stuckAfter");
        Objects.requireNonNull(schedule, "schedule");
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1, not " + confirmations);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /**
     * Settings with the defaults: 6 confirmations, a poll every second, a transaction stuck after
     * 60 s, no schedule, fees from the chain.
     *
     * @param nodeUrl the node's JSON-RPC URL
     * @param submitter the submitter account
     * @param contractAddress the anchor contract
     * @param allianceId the alliance
     * @param journal the in-flight transaction's file
     * @return the settings
     */
    public static AnchorerSettings of(String nodeUrl, Credentials submitter, String contractAddress, String allianceId,
            Path journal) {
        return new AnchorerSettings(nodeUrl, submitter, contractAddress, allianceId, journal, 6, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ZERO, null, null);
    }

    /**
     * These settings with another confirmation count.
     *
     * @param n blocks, the including one counted
     * @return new settings
     */
    public AnchorerSettings withConfirmations(int n) {
        return new AnchorerSettings(nodeUrl, submitter, contractAddress, allianceId, journal, n, pollInterval,
                stuckAfter, schedule, initialMaxFeePerGas, priorityFeePerGas);
    }

    /**
     * These settings with other timings.
     *
     * @param poll how often the node is asked
     * @param stuck when a transaction is replaced
     * @param every how often the checkpoint source is asked; zero for never
     * @return new settings
     */
    public AnchorerSettings withTimings(Duration poll, Duration stuck, Duration every) {
        return new AnchorerSettings(nodeUrl, submitter, contractAddress, allianceId, journal, confirmations, poll,
                stuck, every, initialMaxFeePerGas, priorityFeePerGas);
    }

    /**
     * These settings with fixed fees for first transactions (replacements still raise them).
     *
     * @param maxFeePerGas the fee cap in wei
     * @param tipPerGas the tip in wei
     * @return new settings
     */
    public AnchorerSettings withFirstFees(BigInteger maxFeePerGas, BigInteger tipPerGas) {
        return new AnchorerSettings(nodeUrl, submitter, contractAddress, allianceId, journal, confirmations,
                pollInterval, stuckAfter, schedule, maxFeePerGas, tipPerGas);
    }
}
