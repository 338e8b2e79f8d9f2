package org.alliance.ledger.devrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.conformance.EvidenceLedgerContract;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.embedded.EmbeddedLedgerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteLedger} against the EvidenceLedger contract, over real loopback HTTP to an
 * embedded ledger served by {@link LedgerRpc}. A restart stops the server and the ledger, then
 * opens both again on the same data directory, and gives the client a new connection.
 */
class RemoteLedgerConformanceTest extends EvidenceLedgerContract {
    private static final String SECRET = "conformance-secret";
    @TempDir
    Path dir;
    private EmbeddedLedger owner;
    private HttpServer server;
    private RemoteLedger remote;
    private AllianceFixture alliance;

    /** Each instance is a new client of a new server over the owner reopened on the same data directory. */
    @Override
    protected EvidenceLedger open() {
        stop();
        try {
            serve();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return remote;
    }

    private void serve() throws IOException {
        owner = EmbeddedLedger.open(EmbeddedLedgerConfig.defaults(dir.resolve("ledger"), "ZhangzhouMSP")
                .withAlgorithms(HashAlgorithm.SM3, SignatureAlgorithm.SM2));
        LedgerRpc rpc = new LedgerRpc(owner);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(RemoteLedger.PATH, exchange -> answer(rpc, exchange));
        server.start();
        remote = new RemoteLedger(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), SECRET);
    }

    private static void answer(LedgerRpc rpc, HttpExchange exchange) throws IOException {
        LedgerRpc.Reply reply;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            reply = SECRET.equals(exchange.getRequestHeaders().getFirst(RemoteLedger.SECRET_HEADER))
                    ? rpc.handle(exchange.getRequestURI().getPath().substring(RemoteLedger.PATH.length()), body)
                    : new LedgerRpc.Reply(401, "{\"code\":\"UNAUTHENTICATED\",\"message\":\"wrong secret\"}");
        }
        byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            owner.close();
            server = null;
        }
    }

    @Override
    protected AllianceFixture alliance() {
        if (alliance == null) {
            alliance = AllianceFixture.activate(ledger());
        }
        return alliance;
    }

    @Test
    void anUnknownOperationAndMalformedArgumentsAreRefusedAndChangeNothing() {
        ledger();
        LedgerRpc rpc = new LedgerRpc(owner);
        int height = owner.height();
        assertThat(rpc.handle("dropEverything", "{}".getBytes()).status()).isEqualTo(404);
        assertThat(rpc.handle("submitAsync", "not json".getBytes()).status()).isEqualTo(400);
        assertThat(rpc.handle("submitAsync", "{\"caller\":null}".getBytes()).status()).isEqualTo(400);
        assertThat(rpc.handle("committedEvents", "{\"after\":{\"blockNumber\":99,\"transactionId\":\"ab\"}}".getBytes())
                .status()).isEqualTo(400);
        assertThat(owner.height()).isEqualTo(height);
        assertThatThrownBy(() -> new RemoteLedger(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "wrong")
                .record("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("401");
    }
}
