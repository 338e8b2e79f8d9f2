package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.Test;

class StubWorldStateTest {
    private final FakeLedger ledger = new FakeLedger();
    private final byte[] creator = TestIdentities.withRole("Org1MSP", "clerk");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void seedIndex(int n) {
        for (int i = 0; i < n; i++) {
            ledger.seed(CompositeKey.of("idx", "a", String.format("%03d", i)), utf8("v" + i));
        }
        // Neighbours that a partial-key scan must not return.
        ledger.seed(CompositeKey.of("idx", "b", "000"), utf8("other"));
        ledger.seed(CompositeKey.of("idy", "a", "000"), utf8("other type"));
    }

    private static List<String> collect(StubWorldState ws, int pageSize) {
        List<String> keys = new ArrayList<>();
        String bookmark = "";
        do {
            Page<KeyValue> page = ws.byPartialKey("idx", List.of("a"), pageSize, bookmark);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            page.items().forEach(kv -> keys.add(CompositeKey.split(kv.key()).get(2)));
            bookmark = page.bookmark();
        } while (!bookmark.isEmpty());
        return keys;
    }

    @Test
    void absentAndEmptyValuesReadAsAbsent() {
        var tx = ledger.begin(creator, true);
        assertThat(StubWorldState.forSubmit(tx.stub).get("nothing")).isEmpty();
    }

    @Test
    void readsSeeCommittedStateAndOwnWritesWhichFabricWouldNotShow() {
        ledger.seed("k1", utf8("old"));
        var tx = ledger.begin(creator, true);
        StubWorldState ws = StubWorldState.forSubmit(tx.stub);
        assertThat(ws.get("k1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("old")));
        ws.put("k1", utf8("new"));
        assertThat(ws.get("k1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("new")));
        assertThat(ledger.committed("k1")).isEqualTo(utf8("old"));
        tx.commit();
        assertThat(ledger.committed("k1")).isEqualTo(utf8("new"));
    }

    @Test
    void emptyValuesAreRefusedBecauseFabricWouldTreatThemAsDeletes() {
        var tx = ledger.begin(creator, true);
        assertThatThrownBy(() -> StubWorldState.forSubmit(tx.stub).put("k", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        verify(tx.stub, never()).putState(anyString(), any());
    }

    @Test
    void ownedKeysGetAPeerPolicyNamingTheOwnerOrg() throws Exception {
        var tx = ledger.begin(creator, true);
        String key = CompositeKey.of("cert", "c-1");
        StubWorldState.forSubmit(tx.stub).putOwned(key, utf8("{}"), "Org2MSP");
        verify(tx.stub).putState(key, utf8("{}"));
        verify(tx.stub).setStateValidationParameter(any(), any());
        byte[] policy = tx.policies.get(key);
        assertThat(StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(policy).listOrgs())
                .containsExactly("Org2MSP");
        SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy);
        assertThat(envelope.getIdentitiesList()).hasSize(1);
        MSPPrincipal principal = envelope.getIdentities(0);
        assertThat(principal.getPrincipalClassification()).isEqualTo(MSPPrincipal.Classification.ROLE);
        MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
        assertThat(role.getMspIdentifier()).isEqualTo("Org2MSP");
        assertThat(role.getRole()).isEqualTo(MSPRole.MSPRoleType.PEER);
        assertThat(envelope.getRule().getNOutOf().getN()).isEqualTo(1);
    }

    @Test
    void plainWritesSetNoPolicy() {
        var tx = ledger.begin(creator, true);
        StubWorldState.forSubmit(tx.stub).put("k", utf8("v"));
        verify(tx.stub, never()).setStateValidationParameter(anyString(), any());
    }

    @Test
    void evaluateModeIsReadOnly() {
        var tx = ledger.begin(creator, false);
        StubWorldState ws = StubWorldState.forEvaluate(tx.stub);
        assertThatThrownBy(() -> ws.put("k", utf8("v"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ws.putOwned("k", utf8("v"), "Org1MSP")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ws.setEvent("E", utf8("v"))).isInstanceOf(IllegalStateException.class);
        verify(tx.stub, never()).putState(anyString(), any());
        verify(tx.stub, never()).setStateValidationParameter(anyString(), any());
        verify(tx.stub, never()).setEvent(anyString(), any());
    }

    @Test
    void evaluatePagesUseThePeersPaginationAndBookmarksRoundTrip() {
        seedIndex(7);
        var tx = ledger.begin(creator, false);
        StubWorldState ws = StubWorldState.forEvaluate(tx.stub);
        assertThat(collect(ws, 3)).containsExactly("000", "001", "002", "003", "004", "005", "006");
        assertThat(collect(ws, 7)).hasSize(7);
        verify(tx.stub, never()).getStateByPartialCompositeKey(any(org.hyperledger.fabric.shim.ledger.CompositeKey.class));
    }

    @Test
    void submitPagesNeverUsePaginationAndMatchEvaluatePages() {
        seedIndex(7);
        var query = ledger.begin(creator, false);
        Page<KeyValue> evaluated = StubWorldState.forEvaluate(query.stub).byPartialKey("idx", List.of("a"), 3, "");
        var tx = ledger.begin(creator, true);
        StubWorldState ws = StubWorldState.forSubmit(tx.stub);
        Page<KeyValue> submitted = ws.byPartialKey("idx", List.of("a"), 3, "");
        assertThat(submitted.bookmark()).isEqualTo(evaluated.bookmark());
        assertThat(submitted.items()).extracting(KeyValue::key)
                .containsExactlyElementsOf(evaluated.items().stream().map(KeyValue::key).toList());
        // A bookmark from an evaluated query continues a scan in a submitted one and vice versa.
        assertThat(ws.byPartialKey("idx", List.of("a"), 3, evaluated.bookmark()).items()).extracting(KeyValue::key)
                .containsExactly(
                        CompositeKey.of("idx", "a", "003"), CompositeKey.of("idx", "a", "004"),
                        CompositeKey.of("idx", "a", "005"));
        assertThat(collect(ws, 2)).containsExactly("000", "001", "002", "003", "004", "005", "006");
        verify(tx.stub, never()).getStateByPartialCompositeKeyWithPagination(any(), anyInt(), anyString());
    }

    @Test
    void submitPagesMergeThisTransactionsWritesInKeyOrder() {
        seedIndex(3);
        var tx = ledger.begin(creator, true);
        StubWorldState ws = StubWorldState.forSubmit(tx.stub);
        ws.put(CompositeKey.of("idx", "a", "0015"), utf8("own"));
        ws.put(CompositeKey.of("idx", "a", "001"), utf8("replaced"));
        ws.put(CompositeKey.of("idx", "b", "999"), utf8("outside"));
        assertThat(collect(ws, 2)).containsExactly("000", "001", "0015", "002");
        Page<KeyValue> all = ws.byPartialKey("idx", List.of("a"), 10, "");
        assertThat(all.hasMore()).isFalse();
        assertThat(all.items().get(1).value()).isEqualTo(utf8("replaced"));
    }

    @Test
    void aSimulationKeepsItsWritesInMemoryAndEachBatchGetsItsOwnTransactionId() {
        seedIndex(2);
        var tx = ledger.begin(creator, false);
        StubWorldState first = StubWorldState.forSimulation(tx.stub, "tx-sim-0");
        first.putOwned(CompositeKey.of("idx", "a", "0005"), utf8("simulated"), "Org1MSP");
        first.setEvent("EvidenceCommitted", utf8("{}"));
        assertThat(first.txId()).isEqualTo("tx-sim-0");
        StubWorldState second = first.continueAs("tx-sim-1");
        assertThat(second.txId()).isEqualTo("tx-sim-1");
        assertThat(second.get(CompositeKey.of("idx", "a", "0005"))).contains(utf8("simulated"));
        assertThat(collect(second, 2)).containsExactly("000", "0005", "001");
        verify(tx.stub, never()).putState(anyString(), any());
        verify(tx.stub, never()).setStateValidationParameter(anyString(), any());
        verify(tx.stub, never()).setEvent(anyString(), any());
        assertThatThrownBy(() -> StubWorldState.forSubmit(tx.stub).continueAs("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysAreOrderedByUtf8BytesAsInTheStateDatabase() {
        // U+FFFD sorts after U+1F600 in UTF-16 but before it in UTF-8.
        String high = new String(Character.toChars(0x1F600));
        ledger.seed(CompositeKey.of("idx", "a", high), utf8("emoji"));
        ledger.seed(CompositeKey.of("idx", "a", "\uFFFD"), utf8("replacement"));
        var tx = ledger.begin(creator, true);
        StubWorldState ws = StubWorldState.forSubmit(tx.stub);
        assertThat(collect(ws, 1)).containsExactly("\uFFFD", high);
    }

    @Test
    void badPageSizeAndForeignOrGarbledBookmarksAreMalformedInput() {
        seedIndex(3);
        var tx = ledger.begin(creator, false);
        StubWorldState ws = StubWorldState.forEvaluate(tx.stub);
        String foreign = ws.byPartialKey("idx", List.of("a"), 1, "").bookmark();
        assertThat(foreign).doesNotContain("\u0000");
        assertThatThrownBy(() -> ws.byPartialKey("idx", List.of("a"), 0, ""))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> ws.byPartialKey("idx", List.of("b"), 1, foreign))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> ws.byPartialKey("idx", List.of("a"), 1, "%%%"))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> ws.byPartialKey("idx", List.of("a\u0000"), 1, ""))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }

    @Test
    void eventsAndTransactionFactsComeFromTheStub() {
        ledger.setClock(Instant.parse("2026-12-01T01:02:03Z"));
        var tx = ledger.begin(creator, true);
        StubWorldState ws = StubWorldState.forSubmit(tx.stub);
        ws.setEvent("EvidenceCommitted", utf8("{}"));
        assertThat(tx.events).containsExactly("EvidenceCommitted");
        assertThat(ws.txTime()).isEqualTo(Instant.parse("2026-12-01T01:02:03Z"));
        assertThat(ws.txId()).isEqualTo(tx.stub.getTxId()).hasSize(64);
    }
}
