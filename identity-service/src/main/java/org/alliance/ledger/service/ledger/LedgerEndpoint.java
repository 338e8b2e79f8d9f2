package org.alliance.ledger.service.ledger;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.alliance.ledger.devrpc.LedgerRpc;
import org.alliance.ledger.devrpc.RemoteLedger;

/**
 * {@code POST /internal/ledger/{operation}}: this instance's embedded ledger for other service
 * instances on the same machine ({@link RemoteLedger}, from the development-only {@code
 * ledger-devrpc} module), so that two regions can run as two processes on one embedded ledger
 * (whose directory one process locks). It exists only when {@code alliance.ledger.internal-secret}
 * is set, answers only loopback callers that present the secret, and passes every submission
 * through the same rules as a local one (the caller's org is whatever the remote instance says, so
 * it must be trusted like a peer). {@link LedgerRpc} runs the operations and shapes the answers.
 */
@RestController
@ConditionalOnProperty("alliance.ledger.internal-secret")
public class LedgerEndpoint {
    private final LedgerRpc rpc;
    private final byte[] secret;

    /**
     * Creates the endpoint.
     *
     * @param ledger this instance's own ledger (not a test wrapper)
     * @param properties the ledger settings with the secret
     */
    public LedgerEndpoint(@Qualifier("evidenceLedger") EvidenceLedger ledger, LedgerProperties properties) {
        this.rpc = new LedgerRpc(ledger);
        this.secret = properties.internalSecret().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs one ledger operation.
     *
     * @param operation the {@link org.alliance.ledger.core.ledger.EvidenceLedger} method name
     * @param body its arguments, a JSON object
     * @param presented the shared secret
     * @param request the request, for the caller's address
     * @return the value, or the refusal
     */
    @PostMapping(path = RemoteLedger.PATH + "{operation}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> call(@PathVariable String operation, @RequestBody byte[] body,
            @RequestHeader(name = RemoteLedger.SECRET_HEADER, required = false) String presented,
            HttpServletRequest request) {
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))
                || !loopback(request.getRemoteAddr())) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "not an instance of this alliance service");
        }
        LedgerRpc.Reply reply = rpc.handle(operation, body);
        return ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON).body(reply.json());
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
