package org.alliance.ledger.service.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.FaceTestData;
import org.alliance.ledger.face.FlashColour;
import org.alliance.ledger.face.FlashTint;

/**
 * A challenge's colour flash as the tests read it from the API, and flash frames that answer it:
 * a face lit by each colour ({@link FlashTint}) captured every {@link #EVERY_MS} ms from the first
 * colour on, as the kiosk captures them.
 */
public final class FlashAnswer {
    /** How often the frames are captured, as the kiosk does. */
    public static final int EVERY_MS = 150;

    private FlashAnswer() {
    }

    /**
     * Frames with their capture times.
     *
     * @param jpegs the frames, 640x480 JPEG
     * @param timesMs their capture times, as the {@code flashTimes} field sends them
     */
    public record Frames(List<byte[]> jpegs, String timesMs) {
    }

    /**
     * The flash of a challenge as the API returned it.
     *
     * @param challenge the challenge JSON
     * @return its steps, empty if it has no flash
     */
    public static List<ColourFlash.Step> flash(JsonNode challenge) {
        List<ColourFlash.Step> steps = new ArrayList<>();
        for (JsonNode step : challenge.path("flash")) {
            steps.add(new ColourFlash.Step(FlashColour.valueOf(step.get("colour").asText()),
                    step.get("durationMs").asInt()));
        }
        return steps;
    }

    /**
     * A face captured while the screen showed a flash.
     *
     * @param flash the flash
     * @param face the face in the room's light
     * @param lit which colour lights the face while a colour is shown: the colour itself for a
     *     live face, another for a video made for another sequence, null for none
     * @return the frames and their times
     */
    public static Frames frames(List<ColourFlash.Step> flash, BufferedImage face, UnaryOperator<FlashColour> lit) {
        ColourFlash sequence = new ColourFlash(flash);
        List<byte[]> jpegs = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (int t = 0; t < sequence.totalMs(); t += EVERY_MS) {
            jpegs.add(FaceTestData.encode(FlashTint.tint(face, lit.apply(sequence.colourAt(t)), FlashTint.STRENGTH),
                    "jpg"));
            times.add(Integer.toString(t));
        }
        return new Frames(jpegs, String.join(",", times));
    }
}
