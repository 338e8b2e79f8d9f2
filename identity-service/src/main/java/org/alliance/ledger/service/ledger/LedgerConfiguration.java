package org.alliance.ledger.service.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvaluationException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.devrpc.RemoteLedger;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.fabric.FabricLedger;
import org.alliance.ledger.fabric.FabricUser;
import org.alliance.ledger.fabric.IdentityRefusedException;
import org.alliance.ledger.fabric.PeerEndpoint;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.embedded.EmbeddedLedgerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured ledger, and on a new embedded ledger seeds the demo alliance agreement. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerConfiguration.class);

    /** Sub-directory of the data directory holding the embedded ledger. */
    public static final String EMBEDDED_DIR = "ledger";

    /**
     * The ledger.
     *
     * @param properties the ledger settings
     * @param alliance the service settings
     * @param dataDirectory the data directory
     * @param factory this service's record factory, whose key the seeded agreement registers
     * @param clock the transaction clock of an embedded ledger
     * @return the open ledger; an embedded one is closed with the application context
     */
    @Bean
    public EvidenceLedger evidenceLedger(LedgerProperties properties, AllianceProperties alliance,
            DataDirectory dataDirectory, RecordFactory factory, Clock clock) {
        if (properties.mode() == LedgerProperties.Mode.FABRIC) {
            return fabric(properties.fabric(), alliance.org());
        }
        if (properties.mode() == LedgerProperties.Mode.REMOTE_EMBEDDED) {
            if (properties.remoteUrl() == null || properties.internalSecret() == null) {
                throw new IllegalStateException("alliance.ledger.mode=remote-embedded needs alliance.ledger.remote-url and "
                        + "alliance.ledger.internal-secret");
            }
            return new RemoteLedger(properties.remoteUrl(), properties.internalSecret());
        }
        boolean sm = factory.signatureAlgorithm() == SignatureAlgorithm.SM2;
        EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig
                .defaults(dataDirectory.root().resolve(EMBEDDED_DIR), alliance.org())
                .withAlgorithms(sm ? HashAlgorithm.SM3 : HashAlgorithm.SHA256, factory.signatureAlgorithm())
                .withClock(clock));
        try {
            if (properties.seedDemoAgreement()) {
                new DemoAgreementSeeder(ledger, factory, clock, properties.demoMemberKeys()).seedIfEmpty();
            }
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /**
     * The Fabric ledger as this org's users, through its gateway peers. Every setting is checked
     * here, so a service started with a broken one stops at once, naming it.
     */
    static FabricLedger fabric(LedgerProperties.Fabric settings, String org) {
        if (settings == null || settings.users() == null || settings.peers() == null || settings.peers().isEmpty()) {
            throw new IllegalStateException("alliance.ledger.mode=fabric needs alliance.ledger.fabric.users (this org's "
                    + "enrolled users) and alliance.ledger.fabric.peers[0].host/port/tls-root (its gateway peers)");
        }
        if (!Files.isDirectory(settings.users())) {
            throw new IllegalStateException("alliance.ledger.fabric.users: " + settings.users() + " is not a directory");
        }
        List<PeerEndpoint> peers = new ArrayList<>();
        for (LedgerProperties.Peer p : settings.peers()) {
            if (p.host() == null || p.tlsRoot() == null || !Files.isRegularFile(p.tlsRoot())) {
                throw new IllegalStateException("alliance.ledger.fabric.peers: " + p.host() + ":" + p.port()
                        + " needs a host and a readable tls-root, not " + p.tlsRoot());
            }
            peers.add(new PeerEndpoint(p.host(), p.port(), p.tlsRoot(),
                    p.serverName() == null || p.serverName().isBlank() ? null : p.serverName()));
        }
        FabricLedger.Builder builder = FabricLedger.builder().channel(settings.channel()).chaincode(settings.chaincode())
                .gatewayPeers(org, peers);
        int users = 0;
        // The auditor first: the first user is the one queries and events read as.
        List<Role> all = List.of(Role.AUDITOR, Role.SERVICE, Role.CLERK, Role.APPROVER, Role.ISSUER, Role.ADMIN);
        for (String name : settings.roles()) {
            if (all.stream().noneMatch(r -> r.externalName().equals(name))) {
                throw new IllegalStateException("alliance.ledger.fabric.roles: '" + name + "' is not one of "
                        + all.stream().map(Role::externalName).toList());
            }
        }
        for (Role role : all) {
            if (!settings.roles().isEmpty() && !settings.roles().contains(role.externalName())) {
                continue;
            }
            Path msp = settings.users().resolve(role.externalName()).resolve("msp");
            if (Files.isDirectory(msp)) {
                builder.user(FabricUser.fromMspDir(org, role, msp));
                users++;
            }
        }
        if (users == 0) {
            throw new IllegalStateException("alliance.ledger.fabric.users: " + settings.users() + " holds no <role>/msp "
                    + "directory of " + org + "'s users");
        }
        FabricLedger ledger = builder.build();
        try {
            ledger.checkIdentities();
        } catch (IdentityRefusedException e) {
            ledger.close();
            throw new IllegalStateException("alliance.ledger.fabric.users: " + settings.users() + " does not hold "
                    + org + "'s users (alliance.org): " + e.getMessage(), e);
        } catch (EvaluationException e) {
            // No peer answered: the service starts, its health says the ledger is down, and the
            // identities are checked by the peers on the first call.
            LOG.warn("could not check {}'s Fabric identities at start-up: {}", org, e.getMessage());
        }
        return ledger;
    }
}
