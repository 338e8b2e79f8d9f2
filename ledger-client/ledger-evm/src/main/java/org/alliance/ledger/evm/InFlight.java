package org.alliance.ledger.evm;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.AtomicFile;

/**
 * The one anchor transaction an anchorer has in flight: the checkpoint, its nonce, the fees and
 * signed bytes of its latest version, and the hashes of every version sent (a replacement keeps the
 * nonce). It is written to the journal before the transaction is sent, so a restarted anchorer
 * finds it: it then tracks the same nonce, resends the same signed bytes if the node lost them, and
 * never sends the checkpoint a second time under another nonce.
 *
 * <p>An entry adopted from the chain (the contract already holds the checkpoint, sent by an
 * earlier run) has no nonce or signed bytes; it is only watched for its confirmations.
 */
final class InFlight {
    final AnchorCheckpoint checkpoint;
    final long nonce;
    BigInteger gasLimit;
    BigInteger maxFeePerGas;
    BigInteger tipPerGas;
    String raw;
    final List<String> hashes;
    long sentAtMillis;
    /** The block hash the receipt was last seen in, or null; a receipt that vanishes after it is a reorg. */
    String seenIn;

    InFlight(AnchorCheckpoint checkpoint, long nonce, BigInteger gasLimit, BigInteger maxFeePerGas,
            BigInteger tipPerGas, String raw, List<String> hashes, long sentAtMillis) {
        this.checkpoint = checkpoint;
        this.nonce = nonce;
        this.gasLimit = gasLimit;
        this.maxFeePerGas = maxFeePerGas;
        this.tipPerGas = tipPerGas;
        this.raw = raw;
        this.hashes = new ArrayList<>(hashes);
        this.sentAtMillis = sentAtMillis;
    }

    static InFlight adopted(AnchorCheckpoint checkpoint, String transactionHash) {
        return new InFlight(checkpoint, -1, null, null, null, null, List.of(transactionHash), System.currentTimeMillis());
    }

    boolean adopted() {
        return raw == null;
    }

    String latestHash() {
        return hashes.get(hashes.size() - 1);
    }

    /**
     * Writes the entry to the journal (never an adopted one: the chain holds that already): a
     * temporary file, flushed to disk, then moved over the old one.
     */
    void save(Path journal) {
        if (adopted()) {
            throw new IllegalStateException("an adopted anchor is not journaled");
        }
        Properties p = new Properties();
        p.setProperty("allianceId", checkpoint.allianceId());
        p.setProperty("treeSize", Long.toString(checkpoint.treeSize()));
        p.setProperty("root", HexFormat.of().formatHex(checkpoint.root()));
        p.setProperty("algorithm", checkpoint.algorithm().name());
        p.setProperty("nonce", Long.toString(nonce));
        p.setProperty("hashes", String.join(",", hashes));
        p.setProperty("sentAtMillis", Long.toString(sentAtMillis));
        p.setProperty("gasLimit", gasLimit.toString());
        p.setProperty("maxFeePerGas", maxFeePerGas.toString());
        p.setProperty("tipPerGas", tipPerGas.toString());
        p.setProperty("raw", raw);
        try {
            StringWriter text = new StringWriter();
            p.store(text, "the anchor transaction in flight; deleted once it has its confirmations");
            AtomicFile.write(journal, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the anchor journal " + journal, e);
        }
    }

    /** The journal's entry, or null when there is none. */
    static InFlight load(Path journal) {
        if (!Files.exists(journal)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the anchor journal " + journal, e);
        }
        AnchorCheckpoint checkpoint = new AnchorCheckpoint(p.getProperty("allianceId"),
                Long.parseLong(p.getProperty("treeSize")), HexFormat.of().parseHex(p.getProperty("root")),
                HashAlgorithm.valueOf(p.getProperty("algorithm")));
        List<String> hashes = List.of(p.getProperty("hashes").split(","));
        long sentAt = Long.parseLong(p.getProperty("sentAtMillis"));
        return new InFlight(checkpoint, Long.parseLong(p.getProperty("nonce")), new BigInteger(p.getProperty("gasLimit")),
                new BigInteger(p.getProperty("maxFeePerGas")), new BigInteger(p.getProperty("tipPerGas")),
                p.getProperty("raw"), hashes, sentAt);
    }

    static void clear(Path journal) {
        try {
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the anchor journal " + journal, e);
        }
    }
}
