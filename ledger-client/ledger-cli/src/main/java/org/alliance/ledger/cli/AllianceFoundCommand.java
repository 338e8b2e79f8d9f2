package org.alliance.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordCodec;
import picocli.CommandLine.Command;

/**
 * {@code alliance found}: the founding ceremony of the demo alliance, carried out through the
 * members' own service instances as their admins would. The first instance's admin proposes the
 * demo agreement registering the keys the instances publish; then each admin signs it through
 * its own instance. Running it again resumes where it stopped and does nothing once the
 * agreement is in force.
 */
@Command(name = "found", description = {
    "Propose the demo alliance agreement through the first instance and have every member's admin",
    "sign it through its own instance, each after the previous signature is committed. Exit 0 once",
    "it is in force on every instance, 1 if it is not within --timeout, 2 on bad input."})
public final class AllianceFoundCommand extends AllianceCeremony {
    @Override
    protected int run() throws Exception {
        start();
        List<Instance> members = describe(instances);
        TreeSet<String> orgs = new TreeSet<>(members.stream().map(Instance::org).toList());
        if (!orgs.equals(new TreeSet<>(DemoAlliance.mspIds()))) {
            throw CliFailure.input("the instances act for " + orgs + "; the demo alliance needs one instance "
                    + "of each of " + DemoAlliance.mspIds(), null);
        }
        Instance proposer = members.get(0);
        JsonNode current = agreement(proposer);
        if (current != null && current.path("activeVersion").asInt() >= 1) {
            int inForce = current.path("activeVersion").asInt();
            println(agreementId + " is already in force (version " + inForce + ")");
            awaitInForce(members, inForce);
            return ExitCodes.OK;
        }
        if (current == null || current.path("pending").isEmpty()) {
            proposeDemo(proposer, members);
        }
        for (Instance member : members) {
            sign(member, 1);
        }
        awaitInForce(members, 1);
        return ExitCodes.OK;
    }

    private void proposeDemo(Instance proposer, List<Instance> members) throws IOException, InterruptedException {
        Map<String, String> keys = new LinkedHashMap<>();
        members.forEach(m -> keys.put(m.org(), m.publicKey()));
        AgreementTerms terms = DemoAlliance.terms(org -> List.of(keys.get(org)), DemoAlliance.catalogue(), List.of(),
                DemoAlliance.textHash(HashAlgorithm.fromId(proposer.hashAlgorithm()), agreementId));
        ObjectNode body = (ObjectNode) RecordCodec.toTree(terms);
        body.put("agreementId", agreementId);
        propose(proposer, "/api/agreements", body, "found-" + agreementId, agreementId);
        println(proposer.org() + " proposed " + agreementId + " version 1 with " + members.size() + " members");
    }
}
