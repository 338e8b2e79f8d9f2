package org.alliance.ledger.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.junit.jupiter.api.Test;

/**
 * Records are signed through {@link Signer}, so a key that never leaves a hardware module can sign
 * them: here a signer that holds its key out of the factory's reach and logs each request, as a
 * module's client would, produces records that verify like those of an in-memory key.
 */
class SignerTest {
    /** Stands in for a hardware module's client: the factory sees only the interface. */
    private static final class RemoteSigner implements Signer {
        private final KeyPair inTheModule = Keys.generate(SignatureAlgorithm.SM2);
        private final List<Integer> requests = new ArrayList<>();

        @Override
        public SignatureAlgorithm algorithm() {
            return SignatureAlgorithm.SM2;
        }

        @Override
        public PublicKey publicKey() {
            return inTheModule.getPublic();
        }

        @Override
        public byte[] sign(byte[] message) {
            requests.add(message.length);
            return Signatures.sign(SignatureAlgorithm.SM2, inTheModule.getPrivate(), message);
        }
    }

    private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");

    @Test
    void aFactoryOverAnySignerProducesRecordsThatVerifyWithItsPublicKey() {
        RemoteSigner module = new RemoteSigner();
        RecordFactory factory = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, module);
        SignedRecord record = factory.create("cp-1", T, null, checkpoint());
        assertThat(module.requests).hasSize(1);
        assertThat(record.verifySignature()).isEqualTo(module.publicKey());
        assertThat(factory.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.SM2);
    }

    @Test
    void aSignerWhoseSignaturesAreWrongYieldsRecordsThatFailVerification() {
        KeyPair other = Keys.generate(SignatureAlgorithm.SM2);
        Signer lying = new Signer() {
            @Override
            public SignatureAlgorithm algorithm() {
                return SignatureAlgorithm.SM2;
            }

            @Override
            public PublicKey publicKey() {
                return Keys.generate(SignatureAlgorithm.SM2).getPublic();
            }

            @Override
            public byte[] sign(byte[] message) {
                return Signatures.sign(SignatureAlgorithm.SM2, other.getPrivate(), message);
            }
        };
        SignedRecord record = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, lying).create("cp-2", T, null,
                checkpoint());
        assertThatThrownBy(record::verifySignature).isInstanceOfSatisfying(RuleException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    }

    @Test
    void anInMemorySignerRefusesKeysOfDifferentAlgorithms() {
        KeyPair sm2 = Keys.generate(SignatureAlgorithm.SM2);
        KeyPair p256 = Keys.generate(SignatureAlgorithm.ECDSA_P256);
        assertThatThrownBy(() -> Signer.of(sm2.getPrivate(), p256.getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CheckpointBody checkpoint() {
        return new CheckpointBody(HashAlgorithm.SM3.id(), List.of("batch-1"), 1, "ab".repeat(32));
    }
}
