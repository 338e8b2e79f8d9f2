package org.alliance.ledger.core.bundle;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;

/** Builds what a ledger would: records in one batch, anchored in one block signed by an AuditMSP node key. */
final class TestBundles {
    private TestBundles() {
    }

    /**
     * The bundles of records committed together in one block.
     *
     * @param records the records, all with the same hash algorithm
     * @param nodeKey the ECDSA P-256 node key that signs the block header
     * @param txId the transaction and batch id
     * @return one bundle per record, in order
     */
    static List<EvidenceBundle> inOneBlock(List<SignedRecord> records, KeyPair nodeKey, String txId) {
        HashAlgorithm alg = records.get(0).record().hashAlgorithm();
        List<byte[]> leaves = records.stream().map(r -> RecordCodec.hash(r.record())).toList();
        MerkleTree tree = MerkleTree.of(alg, leaves);
        BlockHeader header = new BlockHeader(4, "cd".repeat(alg.length()), alg.id(), txId, "2026-11-22T08:30:01Z",
                new Caller("ZhangzhouMSP", Role.CLERK, "clerk-1"), txId, Hex.encode(tree.root()), records.size(),
                "ef".repeat(alg.length()), "01".repeat(alg.length()), "AuditMSP", "ecdsa-p256",
                Base64.getEncoder().encodeToString(nodeKey.getPublic().getEncoded()));
        String signature = Base64.getEncoder().encodeToString(
                Signatures.sign(SignatureAlgorithm.ECDSA_P256, nodeKey.getPrivate(), header.canonicalBytes()));
        List<EvidenceBundle> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(new EvidenceBundle(1, RecordCodec.toTree(records.get(i)), Hex.encode(leaves.get(i)),
                    new EvidenceBundle.Batch(txId, alg.id(), Hex.encode(tree.root()), records.size(), i,
                            tree.inclusionProof(i).hashes().stream().map(Hex::encode).toList()),
                    new EvidenceBundle.EmbeddedAnchor(header.toJson(), Hex.encode(header.blockHash()), signature)));
        }
        return out;
    }
}
