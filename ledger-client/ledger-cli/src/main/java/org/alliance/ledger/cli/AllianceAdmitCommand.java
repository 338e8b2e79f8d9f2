package org.alliance.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alliance admit}: a region that joined the network becomes a member of the agreement in
 * force. The first member's admin proposes the next version, the version in force plus the new
 * member with the key its instance publishes; then every signatory of the new version signs it
 * through its own instance, the new member last, and the amendment replaces the version in force.
 * Until then the ledger refuses the new region's records: a member of the network is not yet a
 * member of the alliance. Running it again resumes where it stopped and does nothing once the
 * region is a member.
 */
@Command(name = "admit", description = {
    "Amend the agreement in force so that the region of --new-member becomes a member: the first",
    "--instance proposes it, every member and then the new one sign it through their own instances.",
    "Exit 0 once the amendment is in force on every instance, 1 if it is refused or not within",
    "--timeout, 2 on bad input."})
public final class AllianceAdmitCommand extends AllianceCeremony {
    @Option(names = "--new-member", required = true, paramLabel = "URL",
            description = "The joining region's own service instance, in Fabric mode as its org.")
    private URI newMember;

    @Option(names = "--region-name", required = true, paramLabel = "NAME", description = "The region's name, e.g. 'Xiamen, Fujian'.")
    private String regionName;

    @Option(names = "--region-code", required = true, paramLabel = "CODE",
            description = "The region's GB/T 2260 code prefix, 2 to 6 digits, e.g. 3502.")
    private String regionCode;

    @Option(names = "--text-hash", paramLabel = "ALG:HEX",
            description = "The hash of the amended agreement's signed text (default: the demo's, over the id and version).")
    private String textHash;

    @Override
    protected int run() throws Exception {
        start();
        List<URI> all = new ArrayList<>(instances);
        all.add(newMember);
        List<Instance> described = describe(all);
        Instance joining = described.get(described.size() - 1);
        List<Instance> members = described.subList(0, described.size() - 1);
        Instance proposer = members.get(0);
        JsonNode agreement = agreement(proposer);
        if (agreement == null || agreement.path("activeVersion").asInt() < 1) {
            throw CliFailure.invalid(agreementId + " is not in force on " + proposer.org()
                    + "'s instance; found it first (alliance found)");
        }
        JsonNode current = agreement.path("current");
        int inForce = current.path("version").asInt();
        AgreementTerms terms = RecordCodec.fromJson(JSON.writeValueAsBytes(current.path("terms")), AgreementTerms.class);
        if (terms.member(joining.org()).isPresent()) {
            println(joining.org() + " is a member of " + agreementId + " already (version " + inForce + ")");
            awaitInForce(described, inForce);
            return ExitCodes.OK;
        }
        TreeSet<String> memberOrgs = new TreeSet<>(terms.members().stream().map(Member::mspId).toList());
        TreeSet<String> instanceOrgs = new TreeSet<>(members.stream().map(Instance::org).toList());
        if (!memberOrgs.equals(instanceOrgs)) {
            throw CliFailure.input("the instances act for " + instanceOrgs + "; every member of version " + inForce
                    + " signs the amendment, so give one instance of each of " + memberOrgs, null);
        }
        int next = inForce + 1;
        JsonNode pending = agreement.path("pending").path(0);
        if (pending.isMissingNode()) {
            proposeAdmission(proposer, joining, terms, inForce);
        } else if (pending.path("version").asInt() != next || pending.path("terms").path("members").findValuesAsText("mspId")
                .stream().noneMatch(joining.org()::equals)) {
            throw CliFailure.invalid("version " + pending.path("version").asInt() + " of " + agreementId
                    + ", proposed by " + pending.path("proposer").asText() + ", awaits signatures and does not admit "
                    + joining.org() + "; it must be in force or superseded first");
        } else {
            println("version " + next + " admitting " + joining.org() + " awaits signatures; resuming");
        }
        for (Instance signer : described) {
            sign(signer, next);
        }
        awaitInForce(described, next);
        return ExitCodes.OK;
    }

    private void proposeAdmission(Instance proposer, Instance joining, AgreementTerms terms, int inForce) throws Exception {
        List<Member> amended = new ArrayList<>(terms.members());
        String hash = textHash != null ? textHash : DemoAlliance.textHash(HashAlgorithm.fromId(proposer.hashAlgorithm()),
                agreementId + " version " + (inForce + 1));
        AgreementTerms next;
        try {
            amended.add(new Member(joining.org(), regionName, regionCode, MemberRole.REGION, List.of(joining.publicKey())));
            next = new AgreementTerms(amended, terms.items(), terms.holidays(), hash);
        } catch (RuleException | IllegalArgumentException e) {
            throw CliFailure.input("the amendment admitting " + joining.org() + ": " + e.getMessage(), e);
        }
        ObjectNode body = (ObjectNode) RecordCodec.toTree(next);
        body.put("basedOnVersion", inForce);
        propose(proposer, "/api/agreements/" + agreementId + "/amendments", body,
                "admit-" + agreementId + "-v" + (inForce + 1) + "-" + joining.org(), "version " + (inForce + 1)
                        + " of " + agreementId);
        println(proposer.org() + " proposed version " + (inForce + 1) + " of " + agreementId + ", admitting "
                + joining.org() + " (" + regionName + ", " + regionCode + ")");
    }
}
