package org.alliance.ledger.fabric;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A gateway peer to connect to over TLS.
 *
 * @param host the host name or address
 * @param port the peer's gRPC port
 * @param tlsRootCertificate the PEM file of the CA that issued the peer's TLS certificate
 * @param serverName the name to check the peer's certificate against, or null for {@code host}
 */
public record PeerEndpoint(String host, int port, Path tlsRootCertificate, String serverName) {
    /** Checks that every part is present and the port is valid. */
    public PeerEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsRootCertificate, "tlsRootCertificate");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
    }

    /**
     * The {@code host:port} target.
     *
     * @return the target
     */
    public String target() {
        return host + ":" + port;
    }
}
