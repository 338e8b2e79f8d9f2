package org.alliance.ledger.fabric;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's gateway connections: one per peer endpoint, opened when first needed. Calls go to
 * the endpoint that last answered; when that endpoint is unreachable the call moves on to the
 * next, so a client whose own peer is down carries on through another org's gateway peer. Away
 * from the preferred (first) endpoint, a call tries it first again once {@link #RETRY_PREFERRED}
 * has passed, so the org's own peer takes its traffic back after it recovers.
 */
final class Connection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** How long calls stay on a fallback endpoint before the preferred one is tried first again. */
    static final Duration RETRY_PREFERRED = Duration.ofSeconds(30);

    /** A call through one gateway. */
    @FunctionalInterface
    interface GatewayCall<T> {
        T call(Gateway gateway) throws GatewayException;
    }

    private final FabricUser user;
    private final List<PeerEndpoint> endpoints;
    private final Identity identity;
    private final Signer signer;
    private final ManagedChannel[] channels;
    private final Gateway[] gateways;
    /**
     * The endpoint calls go to and since when (the epoch until the first move): one field, so that
     * a reader never pairs the new endpoint with the old time.
     */
    private volatile Active active = new Active(0, Instant.EPOCH);
    /** When a call away from the preferred endpoint tries it first again (System.nanoTime). */
    private volatile long retryPreferredAt;
    /**
     * The last endpoint found unreachable and when, null before any: one field, so that a reader
     * never sees the endpoint without its time.
     */
    private volatile Unreachable lastUnreachable;

    private record Unreachable(String target, Instant at) {
    }

    private record Active(int index, Instant since) {
    }

    Connection(FabricUser user, List<PeerEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no gateway peer endpoint for " + user.mspId());
        }
        this.user = user;
        this.endpoints = List.copyOf(endpoints);
        try (Reader cert = Files.newBufferedReader(user.certificate());
                Reader key = Files.newBufferedReader(user.privateKey())) {
            this.identity = new X509Identity(user.mspId(), Identities.readX509Certificate(cert));
            this.signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity of " + user.role().externalName() + " of "
                    + user.mspId(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable certificate and key: " + user.certificate() + ", "
                    + user.privateKey(), e);
        }
        this.channels = new ManagedChannel[endpoints.size()];
        this.gateways = new Gateway[endpoints.size()];
    }

    FabricUser user() {
        return user;
    }

    Identity identity() {
        return identity;
    }

    /** Signs a digest with this user's key, as the gateway client would. */
    byte[] sign(byte[] digest) {
        try {
            return signer.sign(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the key of " + user.role().externalName() + " of "
                    + user.mspId(), e);
        }
    }

    /**
     * Runs a call on the active endpoint, moving on to the next endpoints in turn while the
     * endpoint itself is unreachable. Only calls that are safe to repeat may come here: an
     * evaluate, an endorsement (nothing is ordered yet), a commit-status request, or the
     * submission of the same signed transaction (the orderer and the peers accept one
     * transaction id once).
     */
    <T> T call(GatewayCall<T> call) throws GatewayException {
        int current = active.index();
        int start = current != 0 && System.nanoTime() - retryPreferredAt >= 0 ? 0 : current;
        RuntimeException lastRuntime = null;
        GatewayException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (start + i) % endpoints.size();
            try {
                T result = call.call(gateway(index));
                if (index != active.index()) {
                    LOG.warn("{} of {} now uses gateway peer {}", user.role().externalName(), user.mspId(),
                            endpoints.get(index).target());
                    active = new Active(index, Instant.now());
                }
                return result;
            } catch (GatewayException e) {
                if (!unreachable(e.getStatus(), e.getDetails().isEmpty())) {
                    throw e;
                }
                last = e;
            } catch (GatewayRuntimeException e) {
                if (!unreachable(e.getStatus(), e.getDetails().isEmpty())) {
                    throw e;
                }
                lastRuntime = e;
            }
            LOG.warn("gateway peer {} is unreachable; trying the next endpoint", endpoints.get(index).target());
            lastUnreachable = new Unreachable(endpoints.get(index).target(), Instant.now());
            if (index == 0) {
                retryPreferredAt = System.nanoTime() + RETRY_PREFERRED.toNanos();
            }
        }
        if (last != null) {
            throw last;
        }
        throw lastRuntime;
    }

    /**
     * The gateway of the active endpoint, for streams that choose no endpoint themselves.
     *
     * @param offset how many endpoints to move on from the active one
     */
    Gateway gatewayAt(int offset) {
        return gateway((active.index() + offset) % endpoints.size());
    }

    int endpointCount() {
        return endpoints.size();
    }

    /** Which gateway peer this user's calls go to now, and the last one found unreachable. */
    GatewayStatus status() {
        Active now = active;
        Unreachable last = lastUnreachable;
        return new GatewayStatus(user.mspId(), user.role().externalName(), endpoints.get(now.index()).target(),
                now.index() == 0, now.since(), last == null ? null : last.target(), last == null ? null : last.at());
    }

    /**
     * An endpoint is unreachable when the call fails as UNAVAILABLE without the gateway's
     * details: the gateway itself never answered. A gateway that answers UNAVAILABLE with
     * details is up and reports that other peers are, which another endpoint would not change.
     */
    static boolean unreachable(io.grpc.Status status, boolean noDetails) {
        return status.getCode() == io.grpc.Status.Code.UNAVAILABLE && noDetails;
    }

    private synchronized Gateway gateway(int index) {
        if (gateways[index] == null) {
            PeerEndpoint endpoint = endpoints.get(index);
            ChannelCredentials tls;
            try {
                tls = TlsChannelCredentials.newBuilder().trustManager(endpoint.tlsRootCertificate().toFile()).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the TLS root certificate " + endpoint.tlsRootCertificate(), e);
            }
            ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(endpoint.target(), tls);
            if (endpoint.serverName() != null) {
                builder.overrideAuthority(endpoint.serverName());
            }
            channels[index] = builder.build();
            gateways[index] = Gateway.newInstance().identity(identity).signer(signer).hash(Hash.SHA256)
                    .connection(channels[index]).connect();
        }
        return gateways[index];
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < channels.length; i++) {
            if (gateways[i] != null) {
                gateways[i].close();
            }
            if (channels[i] != null) {
                channels[i].shutdownNow();
                try {
                    channels[i].awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
