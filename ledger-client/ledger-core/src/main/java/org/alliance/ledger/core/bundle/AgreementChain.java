package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;

/**
 * An agreement's versions replayed from its signed records alone, as an offline verifier can: every
 * version from 1 to the one in force has one proposal and a signature of every signatory over the
 * proposal's record hash, each made with a key the proposal lists for the signer or, for an
 * amendment, the version it replaces lists for it. Signatories are the members of the version and
 * of the version it replaces, as the agreement rule has them. Version 1 vouches for itself: its
 * members' signatures are checked against the keys it lists, which is why a verifier must know by
 * other means that the {@link #genesisHash() first proposal} is its alliance's.
 *
 * <p>The replay is stricter than the ledger in one respect: the ledger also accepts a signature
 * made with a key the org registered in another agreement in force; here only this agreement's
 * keys count.
 *
 * @param agreementId the agreement
 * @param terms the terms of each version, in order, the last one in force
 * @param proposalHashes the record hash ({@code ALG:HEX}) of each version's proposal
 * @param activatedAt when each version came into force: the time of its last signature
 */
public record AgreementChain(String agreementId, List<AgreementTerms> terms, List<String> proposalHashes,
        List<String> activatedAt) {
    /** Copies the lists. */
    public AgreementChain {
        terms = List.copyOf(terms);
        proposalHashes = List.copyOf(proposalHashes);
        activatedAt = List.copyOf(activatedAt);
    }

    /**
     * Replays an agreement from its records; the signatures of the records themselves must have been
     * verified by the caller.
     *
     * @param agreementId the agreement
     * @param records every proposal and signature of versions 1 to the one in force, any order
     * @return the chain
     * @throws IllegalArgumentException naming the first record or version that breaks it
     */
    public static AgreementChain replay(String agreementId, List<SignedRecord> records) {
        TreeMap<Integer, SignedRecord> proposals = new TreeMap<>();
        Map<Integer, List<SignedRecord>> signatures = new TreeMap<>();
        for (SignedRecord r : records) {
            if (!(r.record().body() instanceof AgreementBody b) || !b.agreementId().equals(agreementId)) {
                throw new IllegalArgumentException("record " + r.record().id() + " is not a record of agreement " + agreementId);
            }
            if (b.action() == AgreementAction.PROPOSE) {
                if (proposals.put(b.agreementVersion(), r) != null) {
                    throw new IllegalArgumentException("version " + b.agreementVersion() + " is proposed twice");
                }
            } else {
                signatures.computeIfAbsent(b.agreementVersion(), v -> new ArrayList<>()).add(r);
            }
        }
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("no proposal of agreement " + agreementId);
        }
        int last = proposals.lastKey();
        List<AgreementTerms> terms = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        List<String> activated = new ArrayList<>();
        AgreementTerms previous = null;
        for (int v = 1; v <= last; v++) {
            SignedRecord proposal = proposals.get(v);
            if (proposal == null) {
                throw new IllegalArgumentException("version " + v + " has no proposal");
            }
            AgreementTerms current = ((AgreementBody) proposal.record().body()).terms();
            String proposer = proposal.record().org();
            if (current.member(proposer).filter(m -> m.role() != MemberRole.AUDITOR).isEmpty()) {
                throw new IllegalArgumentException("version " + v + " is proposed by " + proposer
                        + ", which is not a region member of it");
            }
            requireKey(proposal, current, previous, "the proposal of version " + v);
            String hash = RecordCodec.taggedHash(proposal.record());
            Set<String> signatories = new TreeSet<>();
            current.members().forEach(m -> signatories.add(m.mspId()));
            if (previous != null) {
                previous.members().forEach(m -> signatories.add(m.mspId()));
            }
            Set<String> signed = new HashSet<>();
            String lastTime = null;
            for (SignedRecord s : signatures.getOrDefault(v, List.of())) {
                String org = s.record().org();
                String what = org + "'s signature of version " + v;
                if (!signatories.contains(org)) {
                    throw new IllegalArgumentException(what + ": " + org + " is not a signatory");
                }
                if (!hash.equals(((AgreementBody) s.record().body()).contentHash())) {
                    throw new IllegalArgumentException(what + " endorses another text than the proposal " + hash);
                }
                requireKey(s, current, previous, what);
                if (!signed.add(org)) {
                    throw new IllegalArgumentException(org + " signed version " + v + " twice");
                }
                lastTime = lastTime == null || s.record().time().compareTo(lastTime) > 0 ? s.record().time() : lastTime;
            }
            if (!signed.equals(signatories)) {
                Set<String> missing = new TreeSet<>(signatories);
                missing.removeAll(signed);
                throw new IllegalArgumentException("version " + v + " is not in force: no signature of " + missing);
            }
            terms.add(current);
            hashes.add(hash);
            activated.add(lastTime);
            previous = current;
        }
        return new AgreementChain(agreementId, terms, hashes, activated);
    }

    private static void requireKey(SignedRecord r, AgreementTerms current, AgreementTerms previous, String what) {
        String key = r.signature().publicKey();
        String org = r.record().org();
        boolean listed = keysOf(current, org).contains(key) || (previous != null && keysOf(previous, org).contains(key));
        if (!listed) {
            throw new IllegalArgumentException(what + " is signed with a key the agreement does not list for " + org);
        }
    }

    private static List<String> keysOf(AgreementTerms terms, String org) {
        return terms.member(org).map(Member::signingKeys).orElse(List.of());
    }

    /**
     * The version in force.
     *
     * @return its number
     */
    public int version() {
        return terms.size();
    }

    /**
     * The terms in force.
     *
     * @return the terms of the last version
     */
    public AgreementTerms inForce() {
        return terms.getLast();
    }

    /**
     * The record hash of version 1's proposal: it names the alliance for as long as the agreement
     * lives, since every later version is endorsed by the members of the one before.
     *
     * @return the hash, {@code ALG:HEX}
     */
    public String genesisHash() {
        return proposalHashes.getFirst();
    }

    /**
     * The record hash of the proposal in force, which every signatory of that version signed.
     *
     * @return the hash, {@code ALG:HEX}
     */
    public String inForceHash() {
        return proposalHashes.getLast();
    }

    /**
     * A member's record keys with the time each came into force, and for a key an amendment
     * dropped, the time it went out of force. The keys of members that have left are not listed.
     *
     * @param mspId a member of the version in force
     * @return the keys, current ones last, or empty if not a member
     */
    public List<KeyPeriod> keyPeriods(String mspId) {
        Map<String, KeyPeriod> periods = new LinkedHashMap<>();
        for (int v = 0; v < terms.size(); v++) {
            String since = activatedAt.get(v);
            List<String> listed = terms.get(v).member(mspId).map(Member::signingKeys).orElse(List.of());
            // A key listed again after a gap starts a new period; one still listed keeps its start.
            for (String key : listed) {
                KeyPeriod p = periods.get(key);
                if (p == null || p.validUntil() != null) {
                    periods.remove(key);
                    periods.put(key, new KeyPeriod(key, since, null));
                }
            }
            for (Map.Entry<String, KeyPeriod> e : periods.entrySet()) {
                if (!listed.contains(e.getKey()) && e.getValue().validUntil() == null) {
                    e.setValue(new KeyPeriod(e.getKey(), e.getValue().validFrom(), since));
                }
            }
        }
        if (inForce().member(mspId).isEmpty()) {
            return List.of();
        }
        return periods.values().stream()
                .sorted(Comparator.comparing((KeyPeriod p) -> p.validUntil() == null).thenComparing(KeyPeriod::validFrom))
                .toList();
    }

    /**
     * A member by MSP id in the version in force.
     *
     * @param mspId the org
     * @return the member, if it is one
     */
    public Optional<Member> member(String mspId) {
        return inForce().member(mspId);
    }

    /**
     * When a record key was in force for a member.
     *
     * @param publicKey base64 SubjectPublicKeyInfo DER
     * @param validFrom when the version that listed it came into force
     * @param validUntil when the version that dropped it came into force, {@code null} while it is in force
     */
    public record KeyPeriod(String publicKey, String validFrom, String validUntil) {
    }
}
