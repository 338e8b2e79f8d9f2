package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.alliance.ledger.core.rules.RulesConfig;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Drives {@link EvidenceContract} the way the shim's router does, one transaction at a time,
 * against a {@link FakeLedger}: each call gets a fresh stub and a real client certificate, and
 * only a transaction that returns normally is committed.
 */
final class ContractHarness {
    static final String ZZ = DemoAlliance.ZHANGZHOU;
    static final String CZ = DemoAlliance.CHAOZHOU;
    static final String ST = DemoAlliance.SHANTOU;
    static final String AUDIT = DemoAlliance.AUDIT;

    final FakeLedger ledger = new FakeLedger();
    final EvidenceContract contract = new EvidenceContract();
    private final Map<String, RecordFactory> signers = new LinkedHashMap<>();
    private final Map<String, Signer> keys = new LinkedHashMap<>();

    ContractHarness() {
        for (String org : DemoAlliance.mspIds()) {
            keys.put(org, Signer.of(Keys.generate(SignatureAlgorithm.ECDSA_P256)));
            signers.put(org, new RecordFactory(org, HashAlgorithm.SHA256, keys.get(org)));
        }
    }

    /** The key each org registers in its agreements, for what it signs besides records (checkpoints). */
    Signer key(String org) {
        return keys.get(org);
    }

    /** A transaction function of the contract. */
    interface Call extends BiFunction<EvidenceContract, Context, String> {
    }

    /** A write transaction function: contract, context and the records' JSON. */
    interface Submit {
        String apply(EvidenceContract contract, Context ctx, String records);
    }

    /** What one transaction did. */
    record Outcome(FakeLedger.Tx tx, String result, ChaincodeException error) {
        /** The result, failing the test if the transaction was refused. */
        String ok() {
            assertThat(error).as(() -> "refused: " + error.getMessage()).isNull();
            return result;
        }

        /** Asserts that the transaction was refused with {@code code} and wrote nothing. */
        void refused(ErrorCode expected) {
            String code = expected.name();
            assertThat(error).as("expected refusal " + code + " but got " + result).isNotNull();
            assertThat(new String(error.getPayload(), StandardCharsets.UTF_8)).as(error.getMessage()).isEqualTo(code);
            assertThat(error.getMessage()).startsWith(code + ": ");
            verify(tx.stub, never()).putState(anyString(), any());
            verify(tx.stub, never()).setStateValidationParameter(anyString(), any());
            verify(tx.stub, never()).setEvent(anyString(), any());
        }
    }

    RecordFactory signer(String org) {
        return signers.get(org);
    }

    /** Runs a transaction as a caller whose certificate carries {@code alliance.role}. */
    Outcome submit(String org, String role, Instant time, Call call) {
        return run(TestIdentities.withRole(org, role), time, true, call);
    }

    /** Runs an evaluated (read-only) transaction. */
    Outcome evaluate(Instant time, Call call) {
        return run(TestIdentities.withRole(AUDIT, "auditor"), time, false, call);
    }

    /** Runs an evaluated transaction and returns its result. */
    String query(Call call) {
        return evaluate(Instant.parse("2027-06-01T00:00:00Z"), call).ok();
    }

    Outcome run(byte[] creator, Instant time, boolean submit, Call call) {
        ledger.setClock(time);
        FakeLedger.Tx tx = ledger.begin(creator, submit);
        Context ctx = contract.createContext(tx.stub);
        try {
            String result = call.apply(contract, ctx);
            tx.commit();
            return new Outcome(tx, result, null);
        } catch (ChaincodeException e) {
            return new Outcome(tx, null, e);
        }
    }

    /**
     * Builds a record of {@code org} that continues its subject's chain as committed, read back
     * through the contract's own world state.
     */
    SignedRecord next(String org, String id, Instant time, RecordBody body) {
        SignedRecord first = signer(org).create(id, time, null, body);
        String subject = first.record().subject();
        FakeLedger.Tx tx = ledger.begin(TestIdentities.withRole(org, "auditor"), false);
        return new EvidenceRules(StubWorldState.forEvaluate(tx.stub), RulesConfig.defaults()).subjectHead(subject)
                .map(head -> signer(org).create(id, time, head, body))
                .orElse(first);
    }

    /** Submits records through a transaction function, at the latest record's time. */
    Outcome submitRecords(String org, String role, Submit fn, SignedRecord... records) {
        Instant t = List.of(records).stream().map(r -> r.record().instant()).max(Comparator.naturalOrder()).orElseThrow();
        return submit(org, role, t, (c, ctx) -> fn.apply(c, ctx, json(records)));
    }

    /** The JSON a client sends: one object for one record, an array for several. */
    static String json(SignedRecord... records) {
        byte[] bytes = records.length == 1
                ? RecordCodec.toCanonicalJson(records[0])
                : RecordCodec.toCanonicalJson(List.of(records));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Terms with the demo alliance's {@code orgs} and {@code items}, every member's current signing key registered. */
    AgreementTerms terms(List<String> orgs, List<CatalogueItem> items) {
        List<Member> members = orgs.stream()
                .map(org -> DemoAlliance.org(org).member(List.of(signer(org).publicKeyBase64()))).toList();
        return new AgreementTerms(members, items, List.of(), "sha256:" + "ab".repeat(32));
    }

    /** Proposes an agreement by the first org and has every org sign it, each in its own transaction. */
    void activate(String agreementId, AgreementTerms terms, List<String> orgs, Instant time) {
        SignedRecord proposal = next(orgs.get(0), agreementId + "/v1", time,
                new AgreementBody(AgreementAction.PROPOSE, agreementId, 1, terms, null));
        submitRecords(orgs.get(0), "admin", EvidenceContract::recordAgreement, proposal).ok();
        String content = RecordCodec.taggedHash(proposal.record());
        for (String org : orgs) {
            SignedRecord sign = next(org, agreementId + "/v1/sign/" + org, time,
                    new AgreementBody(AgreementAction.SIGN, agreementId, 1, null, content));
            submitRecords(org, "admin", EvidenceContract::recordAgreement, sign).ok();
        }
    }

}
