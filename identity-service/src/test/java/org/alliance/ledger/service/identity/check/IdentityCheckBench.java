package org.alliance.ledger.service.identity.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.ImageRejectedException;
import org.alliance.ledger.face.WebcamCheck;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.RealFaceServiceTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The identity-check benchmark: latency of one check (a reference photo and three
 * 640x480 challenge frames, accepted) over HTTP on loopback against the whole service with the
 * real face engine, the embedded ledger and H2, then checks per second with two concurrent
 * clients; with two baselines measured in the same run: an HTTP no-op ({@code GET
 * /actuator/health}) and one in-process {@link FaceEngine#analyse} of the reference photo.
 *
 * <p>The challenges carry no colour flash: the prepared request answers a fixed challenge, and a
 * flash's frames (about twenty more per check) would have to be rendered for each one.
 *
 * <p>Tagged {@code bench}, so no test profile runs it; run it with the command in
 * docs/benchmark.md. It writes {@code target/identity-check-bench.md}.
 */
@Tag("bench")
@RealFaceServiceTest
@TestPropertySource(properties = "alliance.identity.challenge.colour-flash=false")
class IdentityCheckBench {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCheckBench.class);
    private static final int WARM_UP = 20;
    /**
     * Sequential checks before the latency is measured. A service runs for days; measuring it
     * while the JIT is still compiling the request path charges compilation to every check (in a
     * run with 20 warm-up checks the C2 compiler threads still took 17 % of the CPU during the
     * concurrent phase).
     */
    private static final int CHECK_WARM_UP = 200;
    private static final int MEASURED = 100;
    private static final int CLIENTS = 2;
    /**
     * Concurrent warm-up: rounds of this many checks per client. After 1,500 checks the JIT still
     * compiles a long tail of once-per-check methods (about 1 s of compiler time per round of 100
     * checks, against 5 to 9 s after 120 checks), so the report gives the last round's figure.
     */
    private static final int CONCURRENT_WARM_UP_PER_CLIENT = 50;
    private static final int WARM_UP_ROUNDS = 10;
    private static final int CONCURRENT_CHECKS_PER_CLIENT = 100;
    private static final int BASELINE_RUNS = 100;
    private static final String BOUNDARY = "----alliance-bench-boundary";
    /** Stands for the nonce in the prepared request body; each check puts a fresh one in. */
    private static final String NONCE_PLACEHOLDER = "N".repeat(32);

    @LocalServerPort
    private int port;
    @Autowired
    private FaceEngine engine;
    @Value("${alliance.identity.face.parallelism:0}")
    private String parallelism;
    @Value("${alliance.identity.face.head-pose:landmarks}")
    private String headPose;
    @Value("${alliance.identity.face.blink:both}")
    private String blink;
    @Value("${alliance.identity.face.graph-rewrite:prelu}")
    private String graphRewrite;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void benchmark() throws Exception {
        byte[] reference = WebcamCheck.reference();
        List<byte[]> frames = WebcamCheck.frames();
        byte[] body = checkBody(reference, frames);

        double[] health = timeRuns(WARM_UP, BASELINE_RUNS, () -> millis(() -> {
            assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).GET()).statusCode()).isEqualTo(200);
        }));
        double[] analyse = timeRuns(WARM_UP, BASELINE_RUNS, () -> millis(() -> engine.analyse(reference)));
        double[] checks = timeRuns(CHECK_WARM_UP, MEASURED, () -> check(body));

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double loadBefore = os.getSystemLoadAverage();
        double[] concurrent;
        long cpuStart;
        long jitStart;
        long start;
        long roundJitMs = 0;
        try {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                long before = jit.getTotalCompilationTime();
                concurrently(pool, CONCURRENT_WARM_UP_PER_CLIENT, body);
                roundJitMs = jit.getTotalCompilationTime() - before;
            }
            cpuStart = os.getProcessCpuTime();
            jitStart = jit.getTotalCompilationTime();
            start = System.nanoTime();
            concurrent = concurrently(pool, CONCURRENT_CHECKS_PER_CLIENT, body);
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long jitMs = jit.getTotalCompilationTime() - jitStart;
        int total = CLIENTS * CONCURRENT_CHECKS_PER_CLIENT;
        double perSecond = total / seconds;
        // CPU time is what the machine's other load cannot distort: it bounds the throughput that
        // this machine's cores could reach if the service had them to itself.
        double cpuMsPerCheck = (os.getProcessCpuTime() - cpuStart) / 1e6 / total;
        int cores = Runtime.getRuntime().availableProcessors();

        String report = String.format(Locale.ROOT, """
                | measurement (%s, %d cores, parallelism %s, head pose %s, blink %s, graph rewrite %s) | p50 ms | p95 ms | p50 / health p50 | p50 / analyse p50 |
                |---|---|---|---|---|
                | baseline: GET /actuator/health over HTTP | %.1f | %.1f | 1 | – |
                | baseline: one FaceEngine.analyse (640x480 reference, in process) | %.1f | %.1f | %.1f | 1 |
                | one check over HTTP (reference + 3 frames, 640x480, ACCEPTED), 1 client | %.1f | %.1f | %.1f | %.2f |
                | one check, 2 concurrent clients | %.1f | %.1f | %.1f | %.2f |

                Throughput with %d concurrent clients: %.1f checks/s (%d checks in %.1f s; each check also fetches
                its challenge). Process CPU per check (server and the in-process clients): %.0f ms, so at most
                %.1f checks/s if the service had all %d cores. JIT compilation during that phase: %d ms.
                System load average before: %.2f, after: %.2f. Warm-up %d, measured %d sequential checks; then
                %d warm-up rounds of %d checks per concurrent client (the last one's JIT compilation: %d ms), then
                %d measured checks per client.
                """, ZonedDateTime.now().toLocalDate(), cores, parallelism, headPose, blink, graphRewrite,
                p(health, 50), p(health, 95),
                p(analyse, 50), p(analyse, 95), p(analyse, 50) / p(health, 50),
                p(checks, 50), p(checks, 95), p(checks, 50) / p(health, 50), p(checks, 50) / p(analyse, 50),
                p(concurrent, 50), p(concurrent, 95), p(concurrent, 50) / p(health, 50),
                p(concurrent, 50) / p(analyse, 50),
                CLIENTS, perSecond, total, seconds, cpuMsPerCheck, cores * 1000 / cpuMsPerCheck, cores, jitMs,
                loadBefore, os.getSystemLoadAverage(), CHECK_WARM_UP, MEASURED, WARM_UP_ROUNDS,
                CONCURRENT_WARM_UP_PER_CLIENT, roundJitMs, CONCURRENT_CHECKS_PER_CLIENT);
        Path out = Path.of("target", "identity-check-bench.md");
        Files.writeString(out, report);
        LOG.info("identity check benchmark ({}):\n{}", out, report);
        assertThat(perSecond).isPositive();
    }

    /** Each client runs {@code perClient} checks at the same time; all their latencies, sorted. */
    private double[] concurrently(ExecutorService pool, int perClient, byte[] body) throws Exception {
        List<Future<double[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> timeRuns(0, perClient, () -> check(body))));
        }
        List<double[]> all = new ArrayList<>();
        for (Future<double[]> client : clients) {
            all.add(client.get());
        }
        return all.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    }

    /** One check with a fresh challenge; only the check request is timed. */
    private double check(byte[] template) throws Exception {
        String nonce = nonce();
        byte[] body = new String(template, StandardCharsets.ISO_8859_1).replace(NONCE_PLACEHOLDER, nonce)
                .getBytes(StandardCharsets.ISO_8859_1);
        long start = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/identity/checks"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ms;
    }

    private String nonce() throws IOException, InterruptedException {
        String body = send(HttpRequest.newBuilder(uri("/api/identity/challenges"))
                .POST(HttpRequest.BodyPublishers.noBody())).body();
        int i = body.indexOf("\"nonce\":\"") + 9;
        return body.substring(i, i + 32);
    }

    private static byte[] checkBody(byte[] reference, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "idNumber", Checks.ID_NUMBER);
        field(out, "name", "张三");
        field(out, "cardValidFrom", LocalDate.now().minusYears(5).toString());
        field(out, "cardValidTo", LocalDate.now().plusYears(5).toString());
        field(out, "consent", "true");
        field(out, "deviceId", Checks.DEVICE_ID);
        field(out, "nonce", NONCE_PLACEHOLDER);
        file(out, "referencePhoto", reference);
        for (byte[] frame : frames) {
            file(out, "frames", frame);
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void file(ByteArrayOutputStream out, String name, byte[] jpeg) {
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"; filename=\"" + name + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(jpeg);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Something to time. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException, InterruptedException, ImageRejectedException;
    }

    /** One run that reports its own duration in ms, so set-up inside it can stay untimed. */
    @FunctionalInterface
    private interface Run {
        double ms() throws Exception;
    }

    private static double millis(Step step) throws IOException, InterruptedException, ImageRejectedException {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Runs {@code warmUp} times untimed, then {@code runs} times; the sorted durations in ms. */
    private static double[] timeRuns(int warmUp, int runs, Run run) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            run.ms();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = run.ms();
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Nearest-rank percentile of sorted values. */
    private static double p(double[] sorted, int percentile) {
        return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
