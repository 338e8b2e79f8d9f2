package org.alliance.ledger.service.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service run as its own process, as an operator runs it ({@code java -jar}), on a
 * free loopback port with a given data directory and settings: for tests that must crash it with
 * SIGKILL and start it again on the same files. The jar comes from {@code service.jar}, which
 * failsafe sets after the package phase.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The jar failsafe names, or a clear failure when run outside {@code verify}.
     *
     * @return the packaged service
     */
    public static Path jar() {
        String jar = System.getProperty("service.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("service.jar is not set to the packaged service (run through failsafe, "
                    + "./alliance mvn verify); got " + jar);
        }
        return Path.of(jar);
    }

    /**
     * Starts the service and waits until its health endpoint answers.
     *
     * @param dataDir the data directory (embedded database and ledger)
     * @param logFile where the process's output goes (appended, so restarts keep earlier runs)
     * @param settings extra {@code --name=value} arguments
     * @return the running service
     * @throws IOException if it cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    public static ServiceProcess start(Path dataDir, Path logFile, List<String> settings)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString(),
                "--server.address=127.0.0.1", "--server.port=" + port, "--alliance.data-dir=" + dataDir));
        command.addAll(settings);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        ServiceProcess service = new ServiceProcess(p, port, logFile);
        service.awaitHealthy();
        return service;
    }

    private void awaitHealthy() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " during startup; "
                        + "log tail:\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service was not healthy within " + STARTUP + "; log tail:\n" + tail());
    }

    /**
     * The last lines of the process's output.
     *
     * @return up to 60 lines
     * @throws IOException if the log cannot be read
     */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /**
     * An address on the service.
     *
     * @param path the path and query
     * @return the URI
     */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Sends a request as a development user (password {@code alliance-dev}).
     *
     * @param user the user, or null for anonymous
     * @param method the method
     * @param path the path
     * @param json a JSON body, or null
     * @param idempotencyKey the key, or null
     * @return the response
     * @throws IOException if the connection fails (the service died, say)
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> send(String user, String method, String path, String json, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":alliance-dev").getBytes(StandardCharsets.UTF_8)));
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Kills the process with SIGKILL, as a power cut of the process would (no shutdown hooks, no
     * flushing), and waits until it is gone.
     *
     * @throws InterruptedException if interrupted
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not die within 30 s of SIGKILL");
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
