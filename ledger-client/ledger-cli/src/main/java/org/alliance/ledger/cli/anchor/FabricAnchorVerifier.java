package org.alliance.ledger.cli.anchor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.alliance.ledger.core.bundle.AnchorVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.rules.BatchInfo;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataEntry;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Verifies a Fabric anchor offline, with only the trust store's org CA certificates: that the
 * members of the alliance committed the batch root. Each link is its own check in the verdict:
 *
 * <ol>
 *   <li>{@value #FABRIC_BLOCK}: the anchor holds a block, and the transaction at its index is the
 *       batch's (the batch id is the transaction id) on the anchor's channel, of the evidence
 *       chaincode this verifier is for;
 *   <li>{@value #TX_IN_BLOCK}: the block's data hash is the SHA-256 of its transactions, so the
 *       transaction is in the block whose header the orderers signed;
 *   <li>{@value #BLOCK_SIGNATURES}: the block header is signed by a SmartBFT quorum of the
 *       alliance's orderers ({@code ceil((n + f + 1) / 2)} of {@code n} orgs, {@code f =
 *       floor((n - 1) / 3)}: 3 of 4), each with an {@code orderer} certificate of its org's CA;
 *   <li>{@value #VALIDATION_CODE}: the block's transaction filter says {@code VALID} for it;
 *   <li>{@value #BATCH_WRITE}: the endorsed write set writes the batch under its key, with the
 *       bundle's batch id, algorithm and root: the link from the record's batch to the transaction;
 *   <li>{@value #ENDORSER_CERTIFICATE}: every endorser is a {@code peer} certificate issued by the
 *       CA of its org, valid at the transaction's time; one from outside the alliance fails;
 *   <li>{@value #ENDORSEMENT_SIGNATURE}: every endorsement signs the proposal response payload
 *       (which holds the write set) followed by the endorser's identity;
 *   <li>{@value #ENDORSEMENT_POLICY}: the orgs with a sound endorsement are a majority of the
 *       alliance's orgs (the channel's {@code MAJORITY Endorsement}), and include the owner org of
 *       every owned key the transaction changes (state-based endorsement, below).
 * </ol>
 *
 * <p><b>The alliance's orgs</b> are the orgs that have a CA certificate in the trust store
 * ({@link TrustStore#caOrgs()}), so the trust directory must hold exactly the channel's member
 * orgs' CAs. The verdict says how many orgs the policy needed.
 *
 * <p><b>State-based endorsement.</b> The evidence contract gives each key that holds one
 * region's decision (a case's status, a certificate) a key-level policy naming the owner org,
 * and sets it again on every write. Fabric applies a key's policy to transactions that change
 * the key after it was set; so the owner is required for each key the transaction both sets a
 * policy on and read at an existing version.
 *
 * <p><b>What this does not prove.</b> The transaction filter is written by each peer as it
 * validates the block; no one signs it. What this verifier re-establishes of that validation is
 * the endorsements and the policy; that no earlier transaction had changed what this one read
 * (Fabric's {@code MVCC_READ_CONFLICT}) needs the world state and cannot be checked offline.
 */
public final class FabricAnchorVerifier implements AnchorVerifier {
    /** Check: the anchor holds a block with the batch's transaction. */
    public static final String FABRIC_BLOCK = "FABRIC_BLOCK";
    /** Check: the block's data hash covers the transaction. */
    public static final String TX_IN_BLOCK = "TX_IN_BLOCK";
    /** Check: a SmartBFT quorum of the alliance's orderers signed the block header. */
    public static final String BLOCK_SIGNATURES = "BLOCK_SIGNATURES";
    /** Check: the block's validation code for the transaction is VALID. */
    public static final String VALIDATION_CODE = "VALIDATION_CODE";
    /** Check: the endorsed write set writes this batch's root. */
    public static final String BATCH_WRITE = "BATCH_WRITE";
    /** Check: every endorser's certificate is a peer's, issued by its org's CA. */
    public static final String ENDORSER_CERTIFICATE = "ENDORSER_CERTIFICATE";
    /** Check: every endorsement's signature verifies. */
    public static final String ENDORSEMENT_SIGNATURE = "ENDORSEMENT_SIGNATURE";
    /** Check: the endorsing orgs satisfy the endorsement policy of what the transaction writes. */
    public static final String ENDORSEMENT_POLICY = "ENDORSEMENT_POLICY";

    private static final List<String> AFTER_BLOCK = List.of(TX_IN_BLOCK, BLOCK_SIGNATURES, VALIDATION_CODE, BATCH_WRITE,
            ENDORSER_CERTIFICATE, ENDORSEMENT_SIGNATURE, ENDORSEMENT_POLICY);
    /** The metadata entry under which Fabric keeps a key's state-based endorsement policy. */
    private static final String VALIDATION_PARAMETER = "VALIDATION_PARAMETER";

    /** The chaincode name the evidence contract is deployed under unless configured otherwise. */
    public static final String DEFAULT_CHAINCODE = "evidence";

    private final String chaincode;

    /** A verifier for the evidence chaincode deployed as {@value #DEFAULT_CHAINCODE}. */
    public FabricAnchorVerifier() {
        this(DEFAULT_CHAINCODE);
    }

    /**
     * A verifier for the evidence chaincode deployed under another name. Only that chaincode's
     * writes count: another chaincode the members endorse (a test one that stores anything it is
     * given) could write a batch key too, without the evidence rules.
     *
     * @param chaincode the evidence chaincode's name on the channel
     */
    public FabricAnchorVerifier(String chaincode) {
        this.chaincode = java.util.Objects.requireNonNull(chaincode, "chaincode");
    }

    @Override
    public String ledger() {
        return EvidenceBundle.FabricAnchor.LEDGER;
    }

    @Override
    public List<Verdict.Check> verify(EvidenceBundle.Anchor anchor, EvidenceBundle.Batch batch, TrustStore trust) {
        EvidenceBundle.FabricAnchor a = (EvidenceBundle.FabricAnchor) anchor;
        List<Verdict.Check> checks = new ArrayList<>();
        FabricBlockProof proof;
        List<EvidenceBundle.FabricAnchor.Consenter> consenters;
        try {
            String named = a.content().path("chaincode").asText("");
            if (!named.equals(chaincode)) {
                throw new IllegalArgumentException("the anchor names chaincode '" + named + "', not the evidence chaincode '"
                        + chaincode + "'");
            }
            proof = FabricBlockProof.of(a, batch, chaincode);
            consenters = a.consenters();
            String channel = a.content().path("channel").asText("");
            long number = proof.block().getHeader().getNumber();
            if (!proof.channel().equals(channel) || number != a.content().path("blockNumber").asLong(-1)
                    || !proof.txId().equals(a.content().path("txId").asText(""))) {
                throw new IllegalArgumentException("the block holds transaction " + proof.txId() + " in block " + number
                        + " of channel " + proof.channel() + ", not what the anchor names");
            }
            checks.add(Verdict.Check.pass(FABRIC_BLOCK, "transaction " + proof.txId() + " is number " + proof.txIndex()
                    + " of block " + number + " of channel " + channel));
        } catch (IllegalArgumentException e) {
            checks.add(Verdict.Check.fail(FABRIC_BLOCK, "the anchor's block cannot be read: " + e.getMessage()));
            AFTER_BLOCK.forEach(n -> checks.add(new Verdict.Check(n, Verdict.Outcome.NOT_CHECKED, "no readable block")));
            return checks;
        }
        Membership members = new Membership(trust);
        checks.add(dataHash(proof));
        checks.add(ordererSignatures(proof, consenters, members, trust.caOrgs()));
        checks.add(validationCode(proof));
        checks.add(batchWrite(proof, batch));
        checks.addAll(endorsements(proof, members, trust.caOrgs()));
        return checks;
    }

    /** Fabric's data hash of a block: the SHA-256 of its transactions' bytes, concatenated. */
    static byte[] dataHash(Block block) {
        MessageDigest sha256 = sha256();
        block.getData().getDataList().forEach(d -> sha256.update(d.toByteArray()));
        return sha256.digest();
    }

    private static Verdict.Check dataHash(FabricBlockProof proof) {
        byte[] computed = dataHash(proof.block());
        return Verdict.Check.of(TX_IN_BLOCK, Arrays.equals(computed, proof.block().getHeader().getDataHash().toByteArray()),
                "the block's data hash " + Hex.encode(computed) + " covers its " + proof.block().getData().getDataCount()
                        + " transactions",
                "the block's transactions hash to " + Hex.encode(computed) + ", not to the header's data hash");
    }

    private static Verdict.Check ordererSignatures(FabricBlockProof proof,
            List<EvidenceBundle.FabricAnchor.Consenter> consenters, Membership members, Set<String> orgs) {
        int n = orgs.size();
        int f = (n - 1) / 3;
        int quorum = (n + f + 2) / 2;
        BlockHeader header = proof.block().getHeader();
        Metadata md;
        try {
            md = Metadata.parseFrom(proof.block().getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            return Verdict.Check.fail(BLOCK_SIGNATURES, "the block has no readable signatures: " + e.getMessage());
        }
        byte[] headerBytes = asn1(header);
        Set<String> signed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (MetadataSignature s : md.getSignaturesList()) {
            try {
                String mspId;
                byte[] cert;
                ByteString signedHeader;
                if (s.getSignatureHeader().isEmpty()) {
                    long id = IdentifierHeader.parseFrom(s.getIdentifierHeader()).getIdentifier();
                    EvidenceBundle.FabricAnchor.Consenter c = consenters.stream().filter(x -> x.id() == id).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("consenter " + id + " is not in the mapping"));
                    mspId = c.mspId();
                    cert = c.identityPem().getBytes(StandardCharsets.US_ASCII);
                    signedHeader = s.getIdentifierHeader();
                } else {
                    SerializedIdentity creator = SerializedIdentity.parseFrom(
                            SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator());
                    mspId = creator.getMspid();
                    cert = creator.getIdBytes().toByteArray();
                    signedHeader = s.getSignatureHeader();
                }
                Optional<String> notMember = members.problem(mspId, cert, "orderer", proof.txTime());
                if (notMember.isPresent()) {
                    problems.add(notMember.get());
                    continue;
                }
                byte[] data = concat(md.getValue().toByteArray(), signedHeader.toByteArray(), headerBytes);
                if (verifies(Membership.certificate(cert).getPublicKey(), data, s.getSignature().toByteArray())) {
                    signed.add(mspId);
                } else {
                    problems.add("the signature of " + mspId + "'s orderer does not verify");
                }
            } catch (InvalidProtocolBufferException | GeneralSecurityException | IllegalArgumentException e) {
                problems.add("an unreadable signature: " + e.getMessage());
            }
        }
        String detail = signed.size() + " of the " + n + " orgs' orderers signed block " + header.getNumber() + " "
                + signed + "; SmartBFT needs " + quorum + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return Verdict.Check.of(BLOCK_SIGNATURES, n > 0 && signed.size() >= quorum, detail, detail);
    }

    private static Verdict.Check validationCode(FabricBlockProof proof) {
        ByteString filter = proof.block().getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? proof.block().getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        if (filter.size() != proof.block().getData().getDataCount()) {
            return Verdict.Check.fail(VALIDATION_CODE, "the block's transaction filter has " + filter.size()
                    + " codes for " + proof.block().getData().getDataCount() + " transactions");
        }
        int code = filter.byteAt(proof.txIndex()) & 0xff;
        TxValidationCode named = TxValidationCode.forNumber(code);
        String name = named == null ? "code " + code : named.name();
        return Verdict.Check.of(VALIDATION_CODE, code == TxValidationCode.VALID_VALUE,
                "the peer that committed block " + proof.block().getHeader().getNumber() + " marked the transaction VALID",
                "the block marks the transaction " + name + ": its writes never took effect");
    }

    private static Verdict.Check batchWrite(FabricBlockProof proof, EvidenceBundle.Batch batch) {
        String key = BatchInfo.stateKey(batch.batchId());
        for (KVWrite w : proof.writeSet().getWritesList()) {
            if (w.getKey().equals(key) && !w.getIsDelete()) {
                try {
                    BatchInfo written = RecordCodec.fromJson(w.getValue().toByteArray(), BatchInfo.class);
                    boolean same = written.batchId().equals(batch.batchId()) && written.alg().equals(batch.alg())
                            && written.root().equals(batch.root());
                    return Verdict.Check.of(BATCH_WRITE, same,
                            "the endorsed write set of " + proof.txId() + " writes batch " + batch.batchId() + " with root "
                                    + batch.root() + " in chaincode " + proof.chaincode(),
                            "the endorsed write set writes batch " + written.batchId() + " with " + written.alg() + " root "
                                    + written.root() + ", not the bundle's " + batch.alg() + " root " + batch.root());
                } catch (RuntimeException e) {
                    return Verdict.Check.fail(BATCH_WRITE, "the written batch is unreadable: " + e.getMessage());
                }
            }
        }
        return Verdict.Check.fail(BATCH_WRITE, "the endorsed write set of " + proof.txId() + " does not write batch "
                + batch.batchId());
    }

    private static List<Verdict.Check> endorsements(FabricBlockProof proof, Membership members, Set<String> orgs) {
        byte[] payload = proof.endorsed().getProposalResponsePayload().toByteArray();
        List<String> outsiders = new ArrayList<>();
        List<String> badSignatures = new ArrayList<>();
        Set<String> endorsing = new TreeSet<>();
        for (Endorsement e : proof.endorsed().getEndorsementsList()) {
            SerializedIdentity endorser;
            try {
                endorser = SerializedIdentity.parseFrom(e.getEndorser());
            } catch (InvalidProtocolBufferException ex) {
                outsiders.add("an unreadable endorser identity");
                continue;
            }
            String mspId = endorser.getMspid();
            Optional<String> notMember = members.problem(mspId, endorser.getIdBytes().toByteArray(), "peer", proof.txTime());
            notMember.ifPresent(outsiders::add);
            boolean signatureOk;
            try {
                PublicKey key = Membership.certificate(endorser.getIdBytes().toByteArray()).getPublicKey();
                signatureOk = verifies(key, concat(payload, e.getEndorser().toByteArray()), e.getSignature().toByteArray());
            } catch (GeneralSecurityException | RuntimeException ex) {
                signatureOk = false;
            }
            if (!signatureOk) {
                badSignatures.add(mspId);
            }
            if (signatureOk && notMember.isEmpty()) {
                endorsing.add(mspId);
            }
        }
        int count = proof.endorsed().getEndorsementsCount();
        List<Verdict.Check> checks = new ArrayList<>();
        checks.add(Verdict.Check.of(ENDORSER_CERTIFICATE, outsiders.isEmpty() && count > 0,
                "the " + count + " endorsers are peers of the alliance's orgs",
                count == 0 ? "the transaction has no endorsement" : String.join("; ", outsiders)));
        checks.add(Verdict.Check.of(ENDORSEMENT_SIGNATURE, badSignatures.isEmpty() && count > 0,
                "the " + count + " endorsements sign the proposal response payload with its write set",
                count == 0 ? "the transaction has no endorsement"
                        : "the endorsement signature of " + String.join(", ", badSignatures) + " does not verify"));
        checks.add(policy(proof, endorsing, orgs));
        return checks;
    }

    private static Verdict.Check policy(FabricBlockProof proof, Set<String> endorsing, Set<String> orgs) {
        int majority = orgs.size() / 2 + 1;
        Set<String> members = endorsing.stream().filter(orgs::contains).collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> owners;
        try {
            owners = owners(proof);
        } catch (InvalidProtocolBufferException e) {
            return Verdict.Check.fail(ENDORSEMENT_POLICY, "a key-level endorsement policy is unreadable: " + e.getMessage());
        }
        Set<String> ownersMissing = new TreeSet<>(owners.values());
        ownersMissing.removeAll(members);
        String need = "MAJORITY of the " + orgs.size() + " orgs needs " + majority + (owners.isEmpty() ? ""
                : ", and the owners of the owned keys it changes " + new TreeSet<>(owners.values()) + " must be among them");
        boolean ok = !orgs.isEmpty() && members.size() >= majority && ownersMissing.isEmpty();
        String what = "endorsed by " + members.size() + " org(s) " + members + "; " + need;
        return Verdict.Check.of(ENDORSEMENT_POLICY, ok, what, ownersMissing.isEmpty() ? what
                : what + "; owner " + ownersMissing + " did not endorse");
    }

    /** The owner org of each key whose policy the transaction sets and that existed before it, by key. */
    private static Map<String, String> owners(FabricBlockProof proof) throws InvalidProtocolBufferException {
        Set<String> existing = proof.writeSet().getReadsList().stream().filter(KVRead::hasVersion).map(KVRead::getKey)
                .collect(Collectors.toSet());
        Map<String, String> owners = new TreeMap<>();
        for (KVMetadataWrite m : proof.writeSet().getMetadataWritesList()) {
            for (KVMetadataEntry entry : m.getEntriesList()) {
                if (entry.getName().equals(VALIDATION_PARAMETER) && existing.contains(m.getKey())) {
                    for (MSPPrincipal p : SignaturePolicyEnvelope.parseFrom(entry.getValue()).getIdentitiesList()) {
                        if (p.getPrincipalClassification() == MSPPrincipal.Classification.ROLE) {
                            owners.put(m.getKey(), MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
                        }
                    }
                }
            }
        }
        return owners;
    }

    /** The block header as the orderers sign it: the DER sequence of number, previous hash and data hash. */
    static byte[] asn1(BlockHeader header) {
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(header.getNumber()),
                new DEROctetString(header.getPreviousHash().toByteArray()),
                new DEROctetString(header.getDataHash().toByteArray())}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
