package org.alliance.ledger.cli.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.hyperledger.fabric.protos.discovery.AuthInfo;
import org.hyperledger.fabric.protos.discovery.ChaincodeQuery;
import org.hyperledger.fabric.protos.discovery.DiscoveryGrpc;
import org.hyperledger.fabric.protos.discovery.EndorsementDescriptor;
import org.hyperledger.fabric.protos.discovery.Layout;
import org.hyperledger.fabric.protos.discovery.Peer;
import org.hyperledger.fabric.protos.discovery.Query;
import org.hyperledger.fabric.protos.discovery.QueryResult;
import org.hyperledger.fabric.protos.discovery.Request;
import org.hyperledger.fabric.protos.discovery.Response;
import org.hyperledger.fabric.protos.discovery.SignedRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeCall;
import org.hyperledger.fabric.protos.peer.ChaincodeInterest;

/**
 * Asks a peer's discovery service how an endorsement of a chaincode can be satisfied: the same
 * plan the peer's Gateway makes before it endorses a transaction. An answer with layouts means the
 * Gateway can endorse; an error means gossip has not yet told the peer enough about the other
 * orgs' peers and their chaincodes.
 */
public final class DiscoveryProbe implements AutoCloseable {
    private final ManagedChannel channel;
    private final SerializedIdentity identity;
    private final PrivateKey signingKey;
    private final byte[] tlsCertHash;

    /**
     * One endorsement plan.
     *
     * @param layouts for each way of satisfying the policy, the MSP ids of the orgs whose peers it uses
     * @param endorserOrgs the MSP ids of every peer discovery offered
     */
    public record Plan(List<Set<String>> layouts, Set<String> endorserOrgs) {
        /**
         * The largest number of distinct orgs that every layout involves at least.
         *
         * @return the minimum over layouts of the orgs in the layout, or 0 without layouts
         */
        public int orgsPerEndorsement() {
            return layouts.stream().mapToInt(Set::size).min().orElse(0);
        }
    }

    /** Discovery answered with an error, or could not be reached. */
    public static final class DiscoveryException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what discovery said
         * @param cause the transport failure, or null
         */
        public DiscoveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens a TLS connection to a peer. The client identity's certificate doubles as the TLS client
     * certificate: discovery binds a request to the TLS session by that certificate's hash.
     *
     * @param target {@code host:port} of the peer
     * @param tlsRoot the CA that issued the peer's TLS certificate
     * @param mspId the client's MSP id
     * @param certificate the client's enrollment certificate
     * @param key its private key
     * @throws IllegalArgumentException if the key or certificate cannot be used
     */
    public DiscoveryProbe(String target, X509Certificate tlsRoot, String mspId, X509Certificate certificate, PrivateKey key) {
        Objects.requireNonNull(target, "target");
        try {
            // The JDK's TLS stack wants its own key objects, not Bouncy Castle's.
            PrivateKey jdkKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            this.channel = NettyChannelBuilder.forTarget(target)
                    .sslContext(GrpcSslContexts.forClient().trustManager(tlsRoot).keyManager(jdkKey, certificate).build())
                    .build();
            this.tlsCertHash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            this.identity = SerializedIdentity.newBuilder().setMspid(mspId)
                    .setIdBytes(ByteString.copyFrom(pem(certificate), StandardCharsets.US_ASCII)).build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalArgumentException("cannot use this identity for TLS: " + e.getMessage(), e);
        }
        this.signingKey = key;
    }

    /**
     * Asks for the endorsement plan of a chaincode.
     *
     * @param channelName the channel
     * @param chaincode the chaincode name
     * @return the plan
     * @throws DiscoveryException with discovery's own message if it cannot plan, or the transport error
     */
    public Plan endorsementPlan(String channelName, String chaincode) throws DiscoveryException {
        Request request = Request.newBuilder()
                .setAuthentication(AuthInfo.newBuilder().setClientIdentity(identity.toByteString())
                        .setClientTlsCertHash(ByteString.copyFrom(tlsCertHash)))
                .addQueries(Query.newBuilder().setChannel(channelName).setCcQuery(ChaincodeQuery.newBuilder()
                        .addInterests(ChaincodeInterest.newBuilder().addChaincodes(ChaincodeCall.newBuilder().setName(chaincode)))))
                .build();
        byte[] payload = request.toByteArray();
        SignedRequest signed = SignedRequest.newBuilder().setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(FabricSignatures.signLowS(signingKey, payload))).build();
        Response response;
        try {
            response = DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).discover(signed);
        } catch (StatusRuntimeException e) {
            throw new DiscoveryException("discovery call failed: " + e.getStatus(), e);
        }
        if (response.getResultsCount() != 1) {
            throw new DiscoveryException("discovery returned " + response.getResultsCount() + " results for one query", null);
        }
        QueryResult result = response.getResults(0);
        if (result.hasError()) {
            throw new DiscoveryException(result.getError().getContent(), null);
        }
        if (result.getCcQueryRes().getContentCount() != 1) {
            throw new DiscoveryException("discovery returned no endorsement descriptor", null);
        }
        return plan(result.getCcQueryRes().getContent(0));
    }

    private static Plan plan(EndorsementDescriptor descriptor) throws DiscoveryException {
        Set<String> all = new TreeSet<>();
        List<Set<String>> layouts = new ArrayList<>();
        for (Layout layout : descriptor.getLayoutsList()) {
            Set<String> orgs = new TreeSet<>();
            for (Map.Entry<String, Integer> group : layout.getQuantitiesByGroupMap().entrySet()) {
                var peers = descriptor.getEndorsersByGroupsMap().get(group.getKey());
                if (peers == null) {
                    continue;
                }
                for (Peer peer : peers.getPeersList()) {
                    orgs.add(mspOf(peer));
                }
            }
            layouts.add(orgs);
            all.addAll(orgs);
        }
        return new Plan(List.copyOf(layouts), all);
    }

    private static String mspOf(Peer peer) throws DiscoveryException {
        try {
            return SerializedIdentity.parseFrom(peer.getIdentity()).getMspid();
        } catch (InvalidProtocolBufferException e) {
            throw new DiscoveryException("discovery returned a peer with an unreadable identity", e);
        }
    }

    private static String pem(X509Certificate certificate) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Closes the connection. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
