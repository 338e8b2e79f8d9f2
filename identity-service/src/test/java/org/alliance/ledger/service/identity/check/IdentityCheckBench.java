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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.ImageRejectedException;
import org.alliance.ledger.face.ModelSet;
import org.alliance.ledger.face.WebcamCheck;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.RealFaceServiceTest;
import org.junit.jupiter.api.Tag;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The identity-check benchmark: latency of one check (a reference photo and three
 * 640x480 challenge frames, accepted) over HTTP on loopback against the whole service with the
 * real face engine, the embedded ledger and H2, and checks per second with two concurrent
 * clients, for both built-in model sets in the same run: this class's service has the default
 * set; a second instance of the service, started in the same JVM with its own database and
 * ledger, has the other one. After a warm-up of each, the rounds alternate
 * between the two, so the machine's other load falls on both alike. Baselines in the same run:
 * an HTTP no-op ({@code GET /actuator/health}) and one in-process {@link FaceEngine#analyse} of
 * the reference photo with each set's engine.
 *
 * <p>The challenges carry no colour flash: the prepared request answers a fixed challenge, and a
 * flash's frames (about twenty more per check) would have to be rendered for each one.
 *
 * <p>Tagged {@code bench}, so no test profile runs it; run it with the command in
 * docs/benchmark.md. It writes {@code target/identity-check-bench.md} and
 * {@code target/identity-check-bench.png}.
 */
@Tag("bench")
@RealFaceServiceTest
@TestPropertySource(properties = "alliance.identity.challenge.colour-flash=false")
class IdentityCheckBench {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCheckBench.class);
    private static final int WARM_UP = 20;
    /**
     * {@code -Dbench.reference=chip} sends the reference as an ID card's chip holds it (102x126)
     * instead of a whole 640x480 frame, which the earlier sections of benchmark.md used.
     */
    private static final boolean CHIP_REFERENCE = "chip".equals(System.getProperty("bench.reference", "frame"));
    private static final String REFERENCE_SIZE = CHIP_REFERENCE ? WebcamCheck.CHIP_WIDTH + "x" + WebcamCheck.CHIP_HEIGHT
            : WebcamCheck.WIDTH + "x" + WebcamCheck.HEIGHT;
    /**
     * Sequential checks before anything is measured, per set. A service runs for days; measuring
     * it while the JIT is still compiling the request path charges compilation to every check.
     */
    private static final int CHECK_WARM_UP = 100;
    /** Concurrent warm-up per set: this many checks per client. */
    private static final int CONCURRENT_WARM_UP_PER_CLIENT = 40;
    /** Alternating rounds; each measures both sets, the default set first in odd rounds. */
    private static final int ROUNDS = 3;
    private static final int MEASURED = 40;
    private static final int CLIENTS = 2;
    private static final int CONCURRENT_CHECKS_PER_CLIENT = 40;
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

    /** One model set's service: its name, port and engine. */
    private record Service(String set, int port, FaceEngine engine) {
    }

    /** One set's figures in one round. */
    private record Row(int round, String set, double p50, double p95, double concurrentP50, double concurrentP95,
            double perSecond, double cpuMsPerCheck, long jitMs, double load) {
    }

    @Test
    void benchmark() throws Exception {
        byte[] reference = CHIP_REFERENCE ? WebcamCheck.chipPhoto() : WebcamCheck.reference();
        List<byte[]> frames = WebcamCheck.frames();
        byte[] body = checkBody(reference, frames);
        String own = engine.modelSet().id();
        String other = (own.equals(ModelSet.DLIB_CC0.id()) ? ModelSet.FACEPLUGIN : ModelSet.DLIB_CC0).id();
        try (ConfigurableApplicationContext second = instance(other)) {
            List<Service> services = List.of(new Service(own, port, engine),
                    new Service(other, ((WebServerApplicationContext) second).getWebServer().getPort(),
                            second.getBean(FaceEngine.class)));
            assertThat(services.get(1).engine().modelSet().id()).isEqualTo(other);
            double[] health = timeRuns(WARM_UP, BASELINE_RUNS, () -> millis(() -> {
                assertThat(send(HttpRequest.newBuilder(uri(port, "/actuator/health")).GET()).statusCode()).isEqualTo(200);
            }));
            List<double[]> analyse = new ArrayList<>();
            for (Service service : services) {
                analyse.add(timeRuns(WARM_UP, BASELINE_RUNS / 2, () -> millis(() -> service.engine().analyse(reference))));
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Row> rows = new ArrayList<>();
            try {
                for (Service service : services) {
                    timeRuns(CHECK_WARM_UP, 0, () -> check(service.port(), body));
                    concurrently(pool, service.port(), CONCURRENT_WARM_UP_PER_CLIENT, body);
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    List<Service> order = round % 2 == 1 ? services : services.reversed();
                    for (Service service : order) {
                        rows.add(round(pool, round, service, body));
                    }
                }
            } finally {
                pool.shutdown();
            }
            String report = report(health, analyse, services, rows);
            Path out = Path.of("target", "identity-check-bench.md");
            Files.writeString(out, report);
            plot(rows, Path.of("target", "identity-check-bench.png"));
            LOG.info("identity check benchmark ({}):\n{}", out, report);
            assertThat(rows).allMatch(r -> r.perSecond() > 0);
        }
    }

    /** A service with this model set: the same settings as this class's, its own database, data and ledger. */
    private static ConfigurableApplicationContext instance(String set) {
        String id = set + "-" + UUID.randomUUID();
        return new SpringApplicationBuilder(AllianceServiceApplication.class).run(
                "--server.port=0",
                "--alliance.data-dir=target/test-data/bench-" + id,
                "--spring.datasource.url=jdbc:h2:mem:bench-" + id
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--alliance.identity.challenge.fixed-actions=TURN_RIGHT,TURN_LEFT",
                "--alliance.identity.challenge.colour-flash=false",
                "--alliance.identity.face.models=" + set);
    }

    /** One set's measured round: sequential checks with one client, then two concurrent clients. */
    private Row round(ExecutorService pool, int round, Service service, byte[] body) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double[] checks = timeRuns(0, MEASURED, () -> check(service.port(), body));
        long cpuStart = os.getProcessCpuTime();
        long jitStart = jit.getTotalCompilationTime();
        double load = os.getSystemLoadAverage();
        long start = System.nanoTime();
        double[] concurrent = concurrently(pool, service.port(), CONCURRENT_CHECKS_PER_CLIENT, body);
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = CLIENTS * CONCURRENT_CHECKS_PER_CLIENT;
        // CPU time is what the machine's other load cannot distort: it bounds the throughput that
        // this machine's cores could reach if the service had them to itself.
        double cpuMsPerCheck = (os.getProcessCpuTime() - cpuStart) / 1e6 / total;
        Row row = new Row(round, service.set(), p(checks, 50), p(checks, 95), p(concurrent, 50), p(concurrent, 95),
                total / seconds, cpuMsPerCheck, jit.getTotalCompilationTime() - jitStart, load);
        LOG.info("round {}: {}", round, row);
        return row;
    }

    private String report(double[] health, List<double[]> analyse, List<Service> services, List<Row> rows) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, """
                Run %s, %d cores, parallelism %s, head pose %s, blink %s, graph rewrite %s.

                | baseline | p50 ms | p95 ms |
                |---|---|---|
                | GET /actuator/health over HTTP | %.1f | %.1f |
                """, ZonedDateTime.now().toLocalDate(), cores, parallelism, headPose, blink, graphRewrite,
                p(health, 50), p(health, 95)));
        for (int i = 0; i < services.size(); i++) {
            sb.append(String.format(Locale.ROOT, "| one FaceEngine.analyse, %s (%s reference, in process) | %.1f | %.1f |%n",
                    services.get(i).set(), REFERENCE_SIZE, p(analyse.get(i), 50), p(analyse.get(i), 95)));
        }
        sb.append(String.format(Locale.ROOT, """

                | round | model set | 1 client p50 ms | 1 client p95 ms | 2 clients p50 ms | 2 clients p95 ms | checks/s, 2 clients | CPU ms per check | JIT ms | load before |
                |---|---|---|---|---|---|---|---|---|---|
                """));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %d | %.2f |%n",
                    r.round(), r.set(), r.p50(), r.p95(), r.concurrentP50(), r.concurrentP95(), r.perSecond(),
                    r.cpuMsPerCheck(), r.jitMs(), r.load()));
        }
        sb.append(String.format(Locale.ROOT, """

                Each check: a %s reference + 3 frames of 640x480, ACCEPTED, over HTTP, after fetching its
                challenge (untimed). Per set before the rounds: %d sequential and %d x %d concurrent warm-up checks. Per
                round and set: %d sequential checks with one client, then %d checks per client with %d concurrent
                clients (throughput, CPU and JIT over that phase; CPU is the whole process, both services).
                """, REFERENCE_SIZE, CHECK_WARM_UP, CLIENTS, CONCURRENT_WARM_UP_PER_CLIENT, MEASURED, CONCURRENT_CHECKS_PER_CLIENT,
                CLIENTS));
        return sb.toString();
    }

    /** Checks/s with 2 clients and p95 with 1 and 2 clients, per round and set, as PNG. */
    private static void plot(List<Row> rows, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("Identity check, both model sets, alternating rounds").xAxisTitle("round")
                .yAxisTitle("checks/s (2 clients); p95 latency (ms)").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(8);
        for (String set : rows.stream().map(Row::set).distinct().toList()) {
            List<Row> own = rows.stream().filter(r -> r.set().equals(set)).toList();
            double[] x = own.stream().mapToDouble(Row::round).toArray();
            chart.addSeries(set + " checks/s, 2 clients", x, own.stream().mapToDouble(Row::perSecond).toArray());
            chart.addSeries(set + " p95 ms, 1 client", x, own.stream().mapToDouble(Row::p95).toArray());
            chart.addSeries(set + " p95 ms, 2 clients", x, own.stream().mapToDouble(Row::concurrentP95).toArray());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Each client runs {@code perClient} checks at the same time; all their latencies, sorted. */
    private double[] concurrently(ExecutorService pool, int port, int perClient, byte[] body) throws Exception {
        List<Future<double[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> timeRuns(0, perClient, () -> check(port, body))));
        }
        List<double[]> all = new ArrayList<>();
        for (Future<double[]> client : clients) {
            all.add(client.get());
        }
        return all.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    }

    /** One check with a fresh challenge; only the check request is timed. */
    private double check(int port, byte[] template) throws Exception {
        String nonce = nonce(port);
        byte[] body = new String(template, StandardCharsets.ISO_8859_1).replace(NONCE_PLACEHOLDER, nonce)
                .getBytes(StandardCharsets.ISO_8859_1);
        long start = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(port, "/api/identity/checks"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ms;
    }

    private String nonce(int port) throws IOException, InterruptedException {
        String body = send(HttpRequest.newBuilder(uri(port, "/api/identity/challenges"))
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

    private static URI uri(int port, String path) {
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
