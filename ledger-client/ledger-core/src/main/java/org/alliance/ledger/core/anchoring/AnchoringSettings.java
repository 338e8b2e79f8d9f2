package org.alliance.ledger.core.anchoring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an anchorer anchors one alliance log's checkpoints.
 *
 * @param nodeUrl the chain node's URL (JSON-RPC over http(s) for the EVM)
 * @param contract the anchor contract's address
 * @param submitterKey the file holding the submitter account's private key
 * @param confirmations blocks, the including one counted, before an anchor counts as done (at least 1)
 * @param schedule how often the latest recorded checkpoint is looked for (positive)
 * @param stateDirectory where the anchorer keeps its state across restarts (a transaction in flight)
 * @param allianceId the alliance log whose checkpoints are anchored
 */
public record AnchoringSettings(URI nodeUrl, String contract, Path submitterKey, int confirmations,
        Duration schedule, Path stateDirectory, String allianceId) {
    /** Checks that every part is present and the numbers make sense. */
    public AnchoringSettings {
        Objects.requireNonNull(nodeUrl, "nodeUrl");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(submitterKey, "submitterKey");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(allianceId, "allianceId");
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1, not " + confirmations);
        }
        if (schedule.isNegative() || schedule.isZero()) {
            throw new IllegalArgumentException("the schedule must be positive, not " + schedule);
        }
    }
}
