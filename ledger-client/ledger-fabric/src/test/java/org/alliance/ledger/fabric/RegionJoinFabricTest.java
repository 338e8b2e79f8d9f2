package org.alliance.ledger.fabric;

import static org.alliance.ledger.fabric.FabricAlliance.AUDIT;
import static org.alliance.ledger.fabric.FabricAlliance.CZ;
import static org.alliance.ledger.fabric.FabricAlliance.ITEM;
import static org.alliance.ledger.fabric.FabricAlliance.ST;
import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.alliance.ledger.fabric.FabricAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.RecordRef;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A region joins the running alliance under a bounded write load: {@code network/fabric/join xiamen}
 * on a four-org network of its own, while Zhangzhou's service keeps writing identity attestations.
 * A config update signed by too few members' admins is refused by the orderers and reported first;
 * the join signed by a majority then adds XiamenMSP's orderer to the SmartBFT consenters and its
 * peer and chaincode server to the channel. Every member's admin then signs an amendment of the
 * agreement that makes Xiamen a signatory, and a case received in Zhangzhou whose home region is
 * Xiamen is approved by Xiamen's approver through Xiamen's own peer, while a founding orderer is
 * stopped, so that ordering needs the new consenter's votes (4 of 5). No write of the load may be
 * lost or recorded twice. Then {@code up} restarts a killed node of the joined org like any other.
 * The figures go to {@code target/fabric-join.md}.
 */
@Tag("fabric")
class RegionJoinFabricTest {
    static final String XM = "XiamenMSP";
    private static final int XM_INDEX = 4;
    private static final int WRITERS = 4;
    private static final int MAX_WRITES = 5000;
    private static final Duration SEND_FOR = Duration.ofMinutes(6);
    private static final Duration GIVE_UP = Duration.ofMinutes(8);
    private static final Duration SCRIPT = Duration.ofMinutes(5);
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(20));
    private static final Duration COMMIT_WITH_A_STOPPED_ORDERER = Duration.ofSeconds(180);
    /** The ports of this network: clear of the suite's (+0), the bench's (+100) and the scripts test's (+200). */
    private static final int PORT_OFFSET = 300;
    private static final Pattern PLAN = Pattern.compile(
            "plans evidence endorsements across (\\d+) orgs per transaction \\((\\d+) layouts, endorsers from ([^)]*)\\)");

    private static FabricNetwork.Started network;
    private static FabricAlliance alliance;
    private static FabricLedger xm;
    private static WriteLoad load;
    private static final RecordFactory XM_SIGNER = new RecordFactory(XM, HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
    private static final Map<String, String> REPORT = new LinkedHashMap<>();

    @BeforeAll
    static void network() {
        network = FabricNetwork.startAlone("fabric-join-network", "test", PORT_OFFSET);
        Assumptions.assumeTrue(network.skipReason == null, () -> "fabric suite skipped: " + network.skipReason);
        if (network.failure != null) {
            throw new IllegalStateException(network.failure);
        }
        alliance = FabricAlliance.on(network);
    }

    @AfterAll
    static void down() throws Exception {
        if (load != null) {
            load.abort();
        }
        if (xm != null) {
            xm.close();
        }
        if (alliance != null) {
            alliance.close();
        }
        if (network != null) {
            keepLogs();
            network.close();
        }
        if (!REPORT.isEmpty()) {
            String table = "| what | figure |\n|---|---|\n" + REPORT.entrySet().stream()
                    .map(e -> "| " + e.getKey() + " | " + e.getValue() + " |").collect(Collectors.joining("\n")) + "\n";
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fabric-join.md"), table);
            System.err.println("fabric suite: region join:\n" + table);
        }
    }

    /** The nodes' logs outlive the network (down deletes its state): {@code target/fabric-join-network-logs}. */
    private static void keepLogs() throws java.io.IOException {
        Path from = network.state.resolve("logs");
        Path to = network.state.resolveSibling(network.state.getFileName() + "-logs");
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (var logs = Files.list(from)) {
            for (Path log : logs.toList()) {
                Files.copy(log, to.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void xiamenJoinsTheRunningAllianceUnderLoadAndTakesPartInACrossRegionCase() throws Exception {
        FabricLedger zz = alliance.keep(alliance.ledger(FabricAlliance.index(ZZ), List.of(Role.AUDITOR, Role.SERVICE),
                alliance.peers(0, 1)).timeouts(TIMEOUTS).build());
        String prefix = "join-" + alliance.run + "-";
        Instant loadTime = alliance.agreed.plus(Duration.ofHours(10));
        Function<String, CommitStatus> status = zz::status;
        load = new WriteLoad(WriteLoad.attestations(alliance, zz, prefix, loadTime), status, WRITERS, MAX_WRITES,
                SEND_FOR, GIVE_UP).start();
        assertThat(load.awaitAcknowledged(10, Duration.ofSeconds(60))).as("the load runs before the join").isTrue();

        // Names that are no new org are refused before anything is done.
        for (String[] bad : List.of(new String[] {"Xiamen!", "'Xiamen!' is not an org name"},
                new String[] {"chaozhou", "chaozhou (ChaozhouMSP) is a founding org of this network"})) {
            FabricNetwork.Result r = network.script(SCRIPT, "join", bad[0]);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(String.join("\n", r.lines())).contains(bad[1]);
            assertThat(network.state.resolve("config/join-" + bad[0])).doesNotExist();
        }

        // Signed by two of the four members' admins: the orderers refuse it, and join says so.
        FabricNetwork.Result refused = network.script(SCRIPT, Map.of("ALLIANCE_FABRIC_JOIN_SIGNERS", "zhangzhou,chaozhou"),
                "join", "xiamen");
        String refusal = String.join("\n", refused.lines());
        assertThat(refused.exit()).as(refusal).isEqualTo(3);
        assertThat(refusal).contains("the network refused the config update adding XiamenMSP, signed by the admins of "
                + "ZhangzhouMSP ChaozhouMSP (2 of 4 member orgs; MAJORITY Admins needs 3)")
                .contains("BAD_REQUEST")
                .contains("2 sub-policies were satisfied, but this policy requires 3 of the 'Admins' sub-policies")
                .contains("channel evidence is unchanged");
        assertThat(network.state.resolve("joined")).doesNotExist();
        REPORT.put("update signed by 2 of 4 admins", "refused: " + refusal.lines()
                .filter(l -> l.contains("BAD_REQUEST")).findFirst().orElse("?").replaceFirst("^fabric: ", "").replace("|", "\\|"));

        // Before the amendment, Xiamen is no member of the agreement: a case for it cannot be received.
        Instant received = alliance.agreed.plus(Duration.ofHours(3));
        String caseId = "case-xm-" + alliance.run;
        String attestationId = "att-xm-" + alliance.run;
        alliance.write(ZZ, Role.SERVICE, attestationId, received.minusSeconds(600), alliance.attestation(1));
        CaseBody kase = new CaseBody(caseId, alliance.agreementId, ITEM, ZZ, XM, alliance.subjectRef(), attestationId,
                List.of(alliance.doc("transfer-application")), false);
        assertThatThrownBy(() -> alliance.write(ZZ, Role.CLERK, caseId, received, kase))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_MEMBER));

        // The join, signed by a majority, under the load.
        int ackedBefore = load.acknowledged();
        long joinStart = System.nanoTime();
        FabricNetwork.Result joined = network.script(SCRIPT, "join", "xiamen");
        Duration joinTime = Duration.ofNanos(System.nanoTime() - joinStart);
        int ackedDuring = load.acknowledged() - ackedBefore;
        List<String> joinLog = joined.lines();
        assertThat(joined.exit()).as(joined.tail(40)).isZero();
        // Config sequence 1: the refused update changed nothing, the accepted one is the channel's first change.
        assertThat(joinLog).anyMatch(l -> l.matches("fabric: config block \\d+ \\(config sequence 1\\) adds XiamenMSP: consenters 5 .*"));
        assertThat(joinLog).anyMatch(l -> l.contains("signed by the admins of ZhangzhouMSP ChaozhouMSP ShantouMSP"));
        assertThat(joinLog).anyMatch(l -> l.contains("XiamenMSP is a member of channel evidence with 5 orgs, consenter 5 of 5"));
        // MAJORITY now means 3 of 5: every plan the Gateway of Xiamen's and Zhangzhou's peers would use
        // takes 3 orgs' endorsements, and there are C(5,3) = 10 of them, over all five orgs.
        List<Matcher> plans = joinLog.stream().map(PLAN::matcher).filter(Matcher::find).toList();
        assertThat(plans).hasSize(2).allSatisfy(m -> {
            assertThat(m.group(1)).isEqualTo("3");
            assertThat(m.group(2)).isEqualTo("10");
            assertThat(m.group(3)).isEqualTo("AuditMSP, ChaozhouMSP, ShantouMSP, XiamenMSP, ZhangzhouMSP");
        });
        // And so it is at validation: a write endorsed by Zhangzhou and Xiamen alone is invalid, the
        // same write endorsed by Zhangzhou, Shantou and Xiamen commits.
        SignedRecord probe = alliance.signer(ZZ).create("join-probe-" + alliance.run,
                alliance.agreed.plus(Duration.ofHours(5)), null, alliance.attestation(7));
        // The statuses come from Zhangzhou's peer, which has then committed the block: read through it.
        assertThat(endorsedBy(probe, ZZ, XM).getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(alliance.ledger(ZZ).record(probe.record().id())).isEmpty();
        assertThat(endorsedBy(probe, ZZ, ST, XM).getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(alliance.ledger(ZZ).record(probe.record().id())).isPresent();
        assertThat(Files.readString(network.state.resolve("joined")).strip()).isEqualTo("xiamen " + XM_INDEX);
        FabricNetwork.Result again = network.script(SCRIPT, "join", "xiamen");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(String.join("\n", again.lines())).contains("xiamen (XiamenMSP) has already joined channel evidence")
                .contains("nothing changed");
        REPORT.put("join under load (network/fabric/join xiamen)", String.format("%.1f s", joinTime.toMillis() / 1000.0));
        REPORT.put("load writes acknowledged while the join ran", ackedDuring + String.format(" (%.1f/s)",
                ackedDuring / (joinTime.toMillis() / 1000.0)));
        REPORT.put("endorsement plans after the join", plans.get(0).group(2) + " layouts of " + plans.get(0).group(1)
                + " orgs out of 5 (MAJORITY Endorsement)");

        // Xiamen's service instance: its own users, its own peer first.
        xm = FabricLedger.builder()
                .gatewayPeers(XM, List.of(endpoint(XM_INDEX, "xiamen"), endpoint(0, "zhangzhou")))
                .user(user(Role.AUDITOR)).user(user(Role.ADMIN)).user(user(Role.CLERK)).user(user(Role.APPROVER))
                .user(user(Role.ISSUER)).user(user(Role.SERVICE))
                .build();

        // The amendment: version 2 lists Xiamen; every signatory (the four members and Xiamen) signs.
        Instant amended = alliance.agreed.plus(Duration.ofHours(2));
        AgreementTerms v1 = alliance.ledger(ZZ).agreement(alliance.agreementId).active().orElseThrow().terms();
        List<Member> members = new ArrayList<>(v1.members());
        members.add(new Member(XM, "Xiamen, Fujian", "3502", MemberRole.REGION, List.of(XM_SIGNER.publicKeyBase64())));
        AgreementTerms v2 = new AgreementTerms(members, v1.items(), v1.holidays(),
                "sm3:" + Hex.encode(HashAlgorithm.SM3.digest((alliance.agreementId + "/v2").getBytes())));
        SignedRecord proposal = alliance.next(ZZ, alliance.agreementId + "/v2", amended,
                new AgreementBody(AgreementAction.PROPOSE, alliance.agreementId, 2, v2, null));
        alliance.committedEverywhere(alliance.ledger(ZZ).submit(caller(ZZ, Role.ADMIN), List.of(proposal)));
        AgreementBody sign = new AgreementBody(AgreementAction.SIGN, alliance.agreementId, 2, null,
                RecordCodec.taggedHash(proposal.record()));
        for (String org : List.of(ZZ, CZ, ST, AUDIT)) {
            assertThat(alliance.ledger(org).agreement(alliance.agreementId).activeVersion()).as("before %s signs", org)
                    .isEqualTo(1);
            alliance.write(org, Role.ADMIN, alliance.agreementId + "/v2/sign/" + org, amended, sign);
        }
        writeAsXiamen(Role.ADMIN, alliance.agreementId + "/v2/sign/" + XM, amended, sign);
        for (FabricLedger ledger : List.of(alliance.ledger(ZZ), alliance.ledger(CZ), alliance.ledger(ST),
                alliance.ledger(AUDIT), xm)) {
            AgreementView agreement = ledger.agreement(alliance.agreementId);
            assertThat(agreement.activeVersion()).isEqualTo(2);
            assertThat(agreement.active().orElseThrow().signatures()).hasSize(5);
            assertThat(agreement.active().orElseThrow().terms().member(XM)).isPresent();
        }

        // The cross-region case: received and forwarded in Zhangzhou, decided in Xiamen, its home region.
        alliance.write(ZZ, Role.CLERK, caseId, received, kase);
        Instant forwarded = received.plus(Duration.ofMinutes(30));
        alliance.write(ZZ, Role.CLERK, caseId + "/forward", forwarded, step(caseId, CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));
        Instant approved = forwarded.plus(Duration.ofHours(2));
        CaseStepBody approve = step(caseId, CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER);
        assertThatThrownBy(() -> alliance.write(ZZ, Role.APPROVER, caseId + "/approve", approved, approve))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ORG));

        // Xiamen approves while a founding orderer is stopped: 4 of the 5 consenters must sign each
        // block, so the channel orders only with orderer.xiamen's votes.
        String stopped = stoppableFounderOrderer();
        script("node", "stop", stopped);
        long stoppedAt = System.nanoTime();
        BatchReceipt approval = writeAsXiamen(Role.APPROVER, caseId + "/approve", approved, approve);
        Duration orderedWithout = Duration.ofNanos(System.nanoTime() - stoppedAt);
        int ackedWhileStopped = load.acknowledged();
        Thread.sleep(3000);
        ackedWhileStopped = load.acknowledged() - ackedWhileStopped;
        script("node", "start", stopped);
        assertThat(xm.status(approval.records().get(0).batchId()).valid()).as("committed on Xiamen's own peer").isTrue();
        REPORT.put("Xiamen's approval with " + stopped + " stopped (quorum 4 of 5)", String.format(
                "committed in %.1f s; %d load writes acknowledged in the next 3 s", orderedWithout.toMillis() / 1000.0,
                ackedWhileStopped));

        CaseTimeline timeline = alliance.ledger(AUDIT).caseTimeline(caseId, approved.plusSeconds(60));
        assertThat(timeline.status().state()).isEqualTo(CaseState.APPROVED);
        assertThat(timeline.steps()).extracting(CaseStepView::actorOrg).containsExactly(ZZ, ZZ, XM);
        assertThat(xm.caseTimeline(caseId, approved.plusSeconds(60)).steps()).extracting(CaseStepView::action)
                .containsExactly(CaseAction.RECEIVE, CaseAction.FORWARD, CaseAction.APPROVE);

        // The load ends; what it wrote is all there, once.
        load.stopSending();
        List<WriteLoad.Outcome> outcomes = load.await();
        network.awaitHealthyAndLevel(5, Duration.ofSeconds(120), alliance::nextBlock);
        FabricLedger audit = alliance.ledger(AUDIT);
        List<String> ackedIds = outcomes.stream().filter(o -> o.acknowledged > 0).map(o -> prefix + o.index).toList();
        Map<String, String> onLedger = new HashMap<>();
        for (String id : ackedIds) {
            audit.record(id).ifPresent(r -> onLedger.put(id, r.batchId()));
        }
        long committed = outcomes.stream().filter(o -> o.committed > 0 && onLedger.containsKey(prefix + o.index)).count();
        long lost = ackedIds.stream().filter(id -> !onLedger.containsKey(id)).count();
        Map<String, Long> listed = WriteLoad.listed(audit, ZZ, loadTime.minusSeconds(1), loadTime.plusSeconds(MAX_WRITES + 1)).stream()
                .map(RecordRef::id).filter(id -> id.startsWith(prefix))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        long duplicated = listed.values().stream().filter(c -> c > 1).count();
        int retries = outcomes.stream().mapToInt(o -> o.failures).sum();
        List<Long> latencies = outcomes.stream().filter(o -> o.committed > 0).map(o -> o.latency().toMillis()).sorted().toList();
        Duration loadTook = Duration.ofNanos(outcomes.stream().mapToLong(o -> o.committed).max().orElse(load.started) - load.started);
        REPORT.put("load (Zhangzhou's service, " + WRITERS + " writers, one attestation per transaction)", String.format(
                "%d writes, %d acknowledged, %d committed, %d lost, %d duplicated, %d retried; %.1f s, %.1f commits/s, "
                        + "p50 %d ms, p95 %d ms", outcomes.size(), ackedIds.size(), committed, lost, duplicated, retries,
                loadTook.toMillis() / 1000.0, committed / (loadTook.toMillis() / 1000.0), percentile(latencies, 50),
                percentile(latencies, 95)));
        load.failureKinds().stream().limit(3).forEach(k -> System.err.println("fabric suite: join load retried "
                + k.getValue() + "x after " + k.getKey()));
        String failures = outcomes.stream().filter(o -> o.lastFailure != null).map(o -> o.index + ": " + o.lastFailure)
                .limit(5).collect(Collectors.joining("\n"));

        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("duplicated").isZero();
        assertThat(ackedIds).as("acknowledged; some failures:\n%s", failures).hasSize(outcomes.size());
        assertThat(committed).as("committed; some failures:\n%s", failures).isEqualTo(outcomes.size());
        assertThat(listed.keySet()).as("listed by org").isEqualTo(onLedger.keySet());
        assertThat(ackedDuring).as("the load kept committing while the org joined").isPositive();

        // up knows the joined org: it restarts its killed peer and checks all five orgs.
        script("node", "kill", "peer.xiamen");
        FabricNetwork.Result up = network.script(SCRIPT, "up");
        assertThat(up.exit()).as(up.tail(30)).isZero();
        assertThat(up.lines()).anyMatch(l -> l.startsWith("fabric: started peer.xiamen"))
                .anyMatch(l -> l.contains("chaincodes evidence, 5 orgs"));
        network.awaitHealthyAndLevel(5, Duration.ofSeconds(120), alliance::nextBlock);
    }

    /**
     * Submits one record as Zhangzhou's service with the endorsements of these orgs only (the
     * Gateway otherwise plans them itself) and waits for its commit status.
     */
    private static Status endorsedBy(SignedRecord record, String... orgs) throws Exception {
        try (Connection c = new Connection(FabricUser.fromMspDir(ZZ, Role.SERVICE, network.users("zhangzhou", "service")),
                List.of(endpoint(0, "zhangzhou")))) {
            Contract contract = c.gatewayAt(0).getNetwork("evidence").getContract("evidence");
            return contract.newProposal(FabricLedger.transactionName(List.of(record)))
                    .addArguments(new String(RecordCodec.toCanonicalJson(record), StandardCharsets.UTF_8))
                    .setEndorsingOrganizations(orgs).build().endorse().submitAsync().getStatus();
        }
    }

    private static PeerEndpoint endpoint(int index, String org) {
        return new PeerEndpoint("127.0.0.1", network.peerPort(index), network.tlsRoot(org), null);
    }

    private static FabricUser user(Role role) {
        return FabricUser.fromMspDir(XM, role, network.users("xiamen", role.externalName()));
    }

    private static CaseStepBody step(String caseId, CaseAction action, CaseState from, Role role) {
        return new CaseStepBody(caseId, action, from, action.to(), role, List.of());
    }

    /** A record of Xiamen's, after its subject's latest, submitted through Xiamen's own peer and committed everywhere. */
    private static BatchReceipt writeAsXiamen(Role role, String id, Instant time, RecordBody body) {
        String subject = body.recordType().subjectKind() + "/" + body.subjectId(id, XM);
        SignedRecord r = XM_SIGNER.create(id, time, xm.subjectHead(subject).orElse(null), body);
        // A peer whose block source is the stopped orderer moves to another one only after its
        // deliverer's timeouts; one run's 60 s status wait ran out here (its logs were lost), so the
        // wait is longer, and the approval must still commit before the orderer is started again.
        BatchReceipt receipt = alliance.committedEverywhere(xm.withTimeouts(new Timeouts(TIMEOUTS.evaluate(),
                TIMEOUTS.endorse(), TIMEOUTS.submit(), COMMIT_WITH_A_STOPPED_ORDERER)).submit(caller(XM, role), List.of(r)));
        assertThat(xm.status(receipt.records().get(0).batchId()).valid()).isTrue();
        return receipt;
    }

    /** A founding orderer that does not lead the channel now. */
    private static String stoppableFounderOrderer() {
        FabricNetwork.Result leader = script("node", "leader");
        String leads = leader.lines().stream().filter(l -> l.startsWith("orderer.")).findFirst().orElseThrow();
        return leads.equals("orderer.audit") ? "orderer.shantou" : "orderer.audit";
    }

    private static FabricNetwork.Result script(String script, String... args) {
        FabricNetwork.Result r = network.script(Duration.ofSeconds(90), script, args);
        assertThat(r.exit()).as("%s %s:\n%s", script, String.join(" ", args), r.tail(20)).isZero();
        return r;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
