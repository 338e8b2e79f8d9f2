package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-flight journal and the checkpoint's checks, without a node. */
class AnchorJournalTest {
    @TempDir
    Path dir;

    private static AnchorCheckpoint checkpoint(long size, HashAlgorithm alg) {
        return new AnchorCheckpoint("a", size, alg.digest(("root " + size).getBytes(StandardCharsets.UTF_8)), alg);
    }

    @Test
    void aJournaledTransactionComesBackAsWritten() {
        Path journal = dir.resolve("sub/anchor.journal");
        assertThat(InFlight.load(journal)).isNull();
        InFlight f = new InFlight(checkpoint(12, HashAlgorithm.SM3), 7, BigInteger.valueOf(90_000), BigInteger.valueOf(1_000),
                BigInteger.TWO, "0x02f8aa", List.of("0xaa", "0xbb"), 1234);
        f.save(journal);
        InFlight back = InFlight.load(journal);
        assertThat(back.checkpoint).isEqualTo(f.checkpoint);
        assertThat(back.nonce).isEqualTo(7);
        assertThat(back.gasLimit).isEqualTo(90_000);
        assertThat(back.maxFeePerGas).isEqualTo(1_000);
        assertThat(back.tipPerGas).isEqualTo(2);
        assertThat(back.raw).isEqualTo("0x02f8aa");
        assertThat(back.hashes).containsExactly("0xaa", "0xbb");
        assertThat(back.latestHash()).isEqualTo("0xbb");
        assertThat(back.sentAtMillis).isEqualTo(1234);
        assertThat(journal.resolveSibling("anchor.journal.tmp")).doesNotExist();
        InFlight.clear(journal);
        assertThat(journal).doesNotExist();
    }

    @Test
    void anAdoptedAnchorIsNotJournaled() {
        InFlight adopted = InFlight.adopted(checkpoint(1, HashAlgorithm.SHA256), "0xcc");
        assertThat(adopted.adopted()).isTrue();
        assertThatThrownBy(() -> adopted.save(dir.resolve("j"))).isInstanceOf(IllegalStateException.class);
        assertThat(Files.exists(dir.resolve("j"))).isFalse();
    }

    @Test
    void aCheckpointIsChecked() {
        byte[] root = new byte[32];
        assertThatThrownBy(() -> new AnchorCheckpoint(" ", 1, root, HashAlgorithm.SHA256)).hasMessageContaining("alliance id");
        assertThatThrownBy(() -> new AnchorCheckpoint("a", 0, root, HashAlgorithm.SHA256)).hasMessageContaining("not positive");
        assertThatThrownBy(() -> new AnchorCheckpoint("a", 1, new byte[31], HashAlgorithm.SHA256)).hasMessageContaining("32 bytes");
        AnchorCheckpoint c = new AnchorCheckpoint("a", 1, root, HashAlgorithm.SM3);
        root[0] = 1;
        assertThat(c.root()[0]).as("the root is copied").isZero();
        assertThat(c.algorithmCode()).isEqualTo(2);
        assertThat(AnchorCheckpoint.algorithm(1)).isEqualTo(HashAlgorithm.SHA256);
        assertThatThrownBy(() -> AnchorCheckpoint.algorithm(3)).hasMessageContaining("unknown hash algorithm code 3");
    }
}
