package org.alliance.ledger.evm.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.alliance.ledger.core.anchoring.AnchoringSettings;
import org.alliance.ledger.core.anchoring.CheckpointAnchoring;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.evm.AnchorerSettings;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/** Anchors to an EVM chain's anchor contract: the kind {@value #KIND}. */
public final class EvmAnchoringProvider implements CheckpointAnchoring.Provider {
    /** The kind this provider is configured by. */
    public static final String KIND = "evm";
    /** A transaction not included after this long is replaced with a higher fee. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofSeconds(1);

    /** Found by the service loader. */
    public EvmAnchoringProvider() {
        // Stateless: each start makes its own anchorer.
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public CheckpointAnchoring start(AnchoringSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded) {
        String scheme = settings.nodeUrl().getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the EVM node URL must be http(s), got " + settings.nodeUrl());
        }
        if (!WalletUtils.isValidAddress(settings.contract())) {
            throw new IllegalArgumentException("the anchor contract's address is not an EVM address: " + settings.contract());
        }
        Credentials submitter = submitter(settings.submitterKey());
        try {
            Files.createDirectories(settings.stateDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the anchorer's state directory " + settings.stateDirectory(), e);
        }
        // One journal per submitter account: its nonces are what the journal tracks.
        Path journal = settings.stateDirectory().resolve(submitter.getAddress() + ".journal");
        AnchorerSettings anchorer = AnchorerSettings.of(settings.nodeUrl().toString(), submitter, settings.contract(),
                settings.allianceId(), journal).withConfirmations(settings.confirmations())
                .withTimings(POLL, STUCK_AFTER, settings.schedule());
        return EvmCheckpointAnchoring.start(anchorer, latestRecorded);
    }

    /** The submitter's key: a file holding its private key as hex, 0x-prefixed or not. */
    static Credentials submitter(Path file) {
        String hex;
        try {
            hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the submitter key file " + file + ": " + e, e);
        }
        if (!WalletUtils.isValidPrivateKey(hex)) {
            throw new IllegalArgumentException("the submitter key file " + file + " does not hold a private key "
                    + "(64 hex digits, 0x-prefixed or not)");
        }
        return Credentials.create(hex);
    }
}
