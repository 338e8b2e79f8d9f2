package org.alliance.ledger.cli.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer;
import org.alliance.ledger.cli.fabric.FabricSignatures;
import org.alliance.ledger.cli.fabric.NodeOu;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.rules.BatchInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Every tampered variant of a real Fabric bundle that a verifier must reject, each with the check
 * that must fail. A variant that changes the transaction recomputes the block's data hash where
 * that isolates the link under test (the orderers' signatures still catch the changed header).
 * Shared by the offline test on saved bundles and the fabric suite's test on fresh ones.
 */
public final class FabricBundleTampering {
    private FabricBundleTampering() {
    }

    /**
     * One tampered bundle.
     *
     * @param name what was changed
     * @param failingCheck the check that must fail
     * @param reason words the failing check's reason must contain
     * @param bundle the tampered bundle
     */
    public record Variant(String name, String failingCheck, String reason, EvidenceBundle bundle) {
    }

    /**
     * The tampered variants of a bundle.
     *
     * @param good a bundle that verifies, from a transaction endorsed by exactly the orgs it needed
     * @param owner the org whose key-level policy applies to the transaction, or null if none does
     * @param other another valid bundle, of another batch
     * @return the variants
     */
    public static List<Variant> variants(EvidenceBundle good, String owner, EvidenceBundle other) {
        List<Variant> out = new ArrayList<>();
        ObjectNode record = (ObjectNode) good.record();
        ObjectNode inner = (ObjectNode) record.get("record");
        inner.put("time", Instant.parse(inner.get("time").asText()).plusSeconds(1).toString());
        out.add(new Variant("the record's time changed", BundleVerifier.RECORD_SIGNATURE, "",
                new EvidenceBundle(good.bundleVersion(), record, good.recordHash(), good.batch(), good.anchor())));

        EvidenceBundle.Batch b = good.batch();
        List<String> longer = new ArrayList<>(b.proof());
        longer.add("00".repeat(32));
        out.add(new Variant("the Merkle path given a made-up sibling", BundleVerifier.MERKLE_PATH, "",
                with(good, new EvidenceBundle.Batch(b.batchId(), b.alg(), b.root(), b.treeSize() + 1, b.leafIndex(), longer),
                        good.anchor())));

        out.add(new Variant("an endorsement's signature changed", FabricAnchorVerifier.ENDORSEMENT_SIGNATURE, "",
                action(good, true, a -> a.toBuilder().setEndorsements(0, a.getEndorsements(0).toBuilder()
                        .setSignature(flip(a.getEndorsements(0).getSignature()))).build())));

        out.add(new Variant("endorsements dropped below a majority", FabricAnchorVerifier.ENDORSEMENT_POLICY, "needs 3",
                action(good, true, a -> a.toBuilder().clearEndorsements().addEndorsements(a.getEndorsements(0)).build())));

        if (owner != null) {
            out.add(new Variant("the owner org's endorsement dropped", FabricAnchorVerifier.ENDORSEMENT_POLICY,
                    "owner [" + owner + "] did not endorse", action(good, true, a -> {
                        ChaincodeEndorsedAction.Builder x = a.toBuilder().clearEndorsements();
                        a.getEndorsementsList().stream().filter(e -> !owner.equals(mspId(e))).forEach(x::addEndorsements);
                        return x.build();
                    })));
        }

        out.add(new Variant("an endorser certified by a CA from outside the alliance",
                FabricAnchorVerifier.ENDORSER_CERTIFICATE, "from outside the alliance",
                action(good, true, a -> a.toBuilder().setEndorsements(0, outsider(a, mspId(a.getEndorsements(0)))).build())));

        out.add(new Variant("the validation code set to MVCC_READ_CONFLICT", FabricAnchorVerifier.VALIDATION_CODE,
                "MVCC_READ_CONFLICT", block(good, blk -> {
                    int i = txIndex(good);
                    byte[] filter = blk.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
                    filter[i] = (byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE;
                    return blk.toBuilder().setMetadata(blk.getMetadata().toBuilder()
                            .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter))).build();
                })));

        out.add(new Variant("the transaction changed but not the block's data hash", FabricAnchorVerifier.TX_IN_BLOCK, "",
                action(good, false, a -> a.toBuilder().removeEndorsements(0).build())));

        out.add(new Variant("the endorsed write set changed to another root", FabricAnchorVerifier.BATCH_WRITE, "",
                action(good, true, a -> rewriteRoot(a, good.batch()))));

        out.add(new Variant("the anchor of another batch's transaction", FabricAnchorVerifier.FABRIC_BLOCK,
                "not the batch's transaction", with(good, good.batch(), other.anchor())));

        ObjectNode otherChaincode = (ObjectNode) good.anchor().toJson();
        otherChaincode.put("chaincode", "put");
        out.add(new Variant("the anchor names another chaincode", FabricAnchorVerifier.FABRIC_BLOCK,
                "not the evidence chaincode", with(good, good.batch(), new EvidenceBundle.FabricAnchor(otherChaincode))));

        out.add(new Variant("orderers' signatures dropped below the quorum", FabricAnchorVerifier.BLOCK_SIGNATURES,
                "needs 3", block(good, blk -> {
                    Metadata md = parse(() -> Metadata.parseFrom(blk.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE)));
                    Metadata fewer = md.toBuilder().clearSignatures().addSignatures(md.getSignatures(0))
                            .addSignatures(md.getSignatures(1)).build();
                    return blk.toBuilder().setMetadata(blk.getMetadata().toBuilder()
                            .setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, fewer.toByteString())).build();
                })));

        out.add(new Variant("the block header's previous hash changed", FabricAnchorVerifier.BLOCK_SIGNATURES, "", block(good,
                blk -> blk.toBuilder().setHeader(blk.getHeader().toBuilder()
                        .setPreviousHash(flip(blk.getHeader().getPreviousHash()))).build())));
        return out;
    }

    private static EvidenceBundle with(EvidenceBundle good, EvidenceBundle.Batch batch, EvidenceBundle.Anchor anchor) {
        return new EvidenceBundle(good.bundleVersion(), good.record(), good.recordHash(), batch, anchor);
    }

    private static int txIndex(EvidenceBundle bundle) {
        return ((EvidenceBundle.FabricAnchor) bundle.anchor()).content().get("txIndex").asInt();
    }

    /** The bundle with its anchor's block changed. */
    static EvidenceBundle block(EvidenceBundle good, UnaryOperator<Block> change) {
        EvidenceBundle.FabricAnchor a = (EvidenceBundle.FabricAnchor) good.anchor();
        JsonNode c = a.content();
        Block changed = change.apply(parse(() -> Block.parseFrom(a.block())));
        return with(good, good.batch(), EvidenceBundle.FabricAnchor.of(c.get("channel").asText(), c.get("chaincode").asText(),
                c.get("txId").asText(), c.get("blockNumber").asLong(), c.get("txIndex").asInt(), changed.toByteArray(),
                a.consenters()));
    }

    /** The bundle with the transaction's endorsed action changed, and the data hash recomputed if asked. */
    static EvidenceBundle action(EvidenceBundle good, boolean rehash, UnaryOperator<ChaincodeEndorsedAction> change) {
        int i = txIndex(good);
        return block(good, blk -> {
            Envelope env = parse(() -> Envelope.parseFrom(blk.getData().getData(i)));
            Payload payload = parse(() -> Payload.parseFrom(env.getPayload()));
            Transaction tx = parse(() -> Transaction.parseFrom(payload.getData()));
            ChaincodeActionPayload cap = parse(() -> ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload()));
            ChaincodeActionPayload changed = cap.toBuilder().setAction(change.apply(cap.getAction())).build();
            Transaction tx2 = tx.toBuilder().setActions(0, tx.getActions(0).toBuilder().setPayload(changed.toByteString())).build();
            Envelope env2 = env.toBuilder().setPayload(payload.toBuilder().setData(tx2.toByteString()).build().toByteString()).build();
            Block.Builder b = blk.toBuilder();
            b.getDataBuilder().setData(i, env2.toByteString());
            if (rehash) {
                b.getHeaderBuilder().setDataHash(ByteString.copyFrom(FabricAnchorVerifier.dataHash(b.build())));
            }
            return b.build();
        });
    }

    private static ChaincodeEndorsedAction rewriteRoot(ChaincodeEndorsedAction a, EvidenceBundle.Batch batch) {
        ProposalResponsePayload prp = parse(() -> ProposalResponsePayload.parseFrom(a.getProposalResponsePayload()));
        ChaincodeAction ca = parse(() -> ChaincodeAction.parseFrom(prp.getExtension()));
        TxReadWriteSet rw = parse(() -> TxReadWriteSet.parseFrom(ca.getResults()));
        TxReadWriteSet.Builder rw2 = rw.toBuilder();
        for (int n = 0; n < rw.getNsRwsetCount(); n++) {
            NsReadWriteSet ns = rw.getNsRwset(n);
            KVRWSet kv = parse(() -> KVRWSet.parseFrom(ns.getRwset()));
            KVRWSet.Builder kv2 = kv.toBuilder();
            for (int w = 0; w < kv.getWritesCount(); w++) {
                KVWrite write = kv.getWrites(w);
                if (write.getKey().equals(BatchInfo.stateKey(batch.batchId()))) {
                    String json = write.getValue().toStringUtf8().replace(batch.root(), "ff".repeat(batch.root().length() / 2));
                    kv2.setWrites(w, write.toBuilder().setValue(ByteString.copyFromUtf8(json)));
                }
            }
            rw2.setNsRwset(n, ns.toBuilder().setRwset(kv2.build().toByteString()));
        }
        ChaincodeAction ca2 = ca.toBuilder().setResults(rw2.build().toByteString()).build();
        return a.toBuilder().setProposalResponsePayload(prp.toBuilder().setExtension(ca2.toByteString()).build()
                .toByteString()).build();
    }

    /**
     * An endorsement by a peer certificate of the same org name from a self-made CA with the same
     * subject as the org's real CA: its signature is sound, only its certificate is foreign.
     */
    private static Endorsement outsider(ChaincodeEndorsedAction a, String mspId) {
        try {
            X509Certificate real = Membership.certificate(SerializedIdentity.parseFrom(a.getEndorsements(0).getEndorser())
                    .getIdBytes().toByteArray());
            KeyPair caPair = Keys.generate(SignatureAlgorithm.ECDSA_P256);
            X500Name subject = X500Name.getInstance(real.getIssuerX500Principal().getEncoded());
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.TWO,
                    Date.from(now.minus(3650, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)), subject,
                    caPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            X509Certificate ca = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caPair.getPrivate())));
            FabricIdentityIssuer.Enrollment peer = new FabricIdentityIssuer(ca, caPair.getPrivate(), null)
                    .issue("peer0", NodeOu.PEER, null, Duration.ofDays(1));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(peer.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            ByteString endorser = SerializedIdentity.newBuilder().setMspid(mspId).setIdBytes(ByteString.copyFromUtf8(pem))
                    .build().toByteString();
            byte[] signature = FabricSignatures.signLowS(peer.privateKey(),
                    FabricAnchorVerifier.concat(a.getProposalResponsePayload().toByteArray(), endorser.toByteArray()));
            return Endorsement.newBuilder().setEndorser(endorser).setSignature(ByteString.copyFrom(signature)).build();
        } catch (GeneralSecurityException | InvalidProtocolBufferException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mspId(Endorsement e) {
        return parse(() -> SerializedIdentity.parseFrom(e.getEndorser())).getMspid();
    }

    private static ByteString flip(ByteString bytes) {
        byte[] b = bytes.toByteArray();
        b[b.length / 2] ^= 0x01;
        return ByteString.copyFrom(b);
    }

    private interface Parse<T> {
        T get() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parse<T> p) {
        try {
            return p.get();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
