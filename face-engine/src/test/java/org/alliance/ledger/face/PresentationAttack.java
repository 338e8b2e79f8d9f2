package org.alliance.ledger.face;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Photos rendered as presentation attacks at the kiosk camera (640x480): printed on paper, or
 * shown on a phone screen, held up in a room and turned about the vertical axis like a head,
 * under the kiosk's colour flash.
 *
 * <p>The light model: the kiosk screen's colour adds to the room's light ({@link FlashTint}), so
 * the room and a paper print are lit by it as skin is; a phone screen shows emitted light, which
 * the kiosk's flash does not tint, and only a faint reflection of the flash on its glass adds
 * to it ({@link #SCREEN_GLARE}).
 */
final class PresentationAttack {
    /** The room behind the card. */
    static final Color ROOM = new Color(60, 50, 40);
    /**
     * How much of the kiosk screen's light the phone's glass reflects into the camera, as a
     * fraction of full scale added to each lit channel: a glossy screen at arm's length reflects
     * a few per cent (more would be a visible mirror image of the kiosk).
     */
    static final double SCREEN_GLARE = 0.03;
    /** The card's size on the camera's image when it faces the camera. */
    private static final int CARD_W = 400;
    private static final int CARD_H = 300;

    private PresentationAttack() {
    }

    /**
     * The photo printed on paper: a white margin, ink that reaches neither paper white nor full
     * black (levels 20 to 237), and the softness of print and paper (a 3x3 box blur).
     *
     * @param photo the photo
     * @return the print, as a flat image
     */
    static BufferedImage print(BufferedImage photo) {
        BufferedImage card = onCard(photo, Color.WHITE, 0.06);
        BufferedImage out = new BufferedImage(card.getWidth(), card.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < card.getHeight(); y++) {
            for (int x = 0; x < card.getWidth(); x++) {
                int[] sum = new int[3];
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.clamp(x + dx, 0, card.getWidth() - 1);
                        int yy = Math.clamp(y + dy, 0, card.getHeight() - 1);
                        int p = card.getRGB(xx, yy);
                        sum[0] += (p >> 16) & 0xff;
                        sum[1] += (p >> 8) & 0xff;
                        sum[2] += p & 0xff;
                        n++;
                    }
                }
                int r = ink(sum[0] / n);
                int g = ink(sum[1] / n);
                int b = ink(sum[2] / n);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /**
     * The photo on a phone screen, as the camera sees it: a black bezel and moiré, the beat of the
     * screen's pixel grid against the camera's, as a sinusoidal pattern of random period (8 to 20
     * pixels) and angle that modulates brightness by ±10 % with its phase shifted by a third of a
     * period per colour channel (a screen's sub-pixels sit side by side, so the fringes are
     * coloured).
     *
     * @param photo the photo
     * @param random picks the moiré's period, angle and phase
     * @return the screen's image, as a flat image
     */
    static BufferedImage screen(BufferedImage photo, RandomGenerator random) {
        BufferedImage card = onCard(photo, Color.BLACK, 0.05);
        double period = 8 + 12 * random.nextDouble();
        double angle = Math.PI * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        double fx = Math.cos(angle) / period;
        double fy = Math.sin(angle) / period;
        BufferedImage out = new BufferedImage(card.getWidth(), card.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < card.getHeight(); y++) {
            for (int x = 0; x < card.getWidth(); x++) {
                int p = card.getRGB(x, y);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double wave = Math.cos(2 * Math.PI * (fx * x + fy * y) + phase + c * 2 * Math.PI / 3);
                    int v = (p >> (16 - 8 * c)) & 0xff;
                    rgb |= Math.clamp(Math.round(v * (1 + 0.1 * wave)), 0, 255) << (16 - 8 * c);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /**
     * A flat card as the kiosk camera sees it: in the room, lit by the flash colour (or none), turned
     * by {@code yawDegrees} about its vertical axis and seen from 2.5 card widths (each column
     * narrows by the cosine and scales by its depth, so the far edge shrinks), moved by a hand
     * ({@code dx}, {@code dy}).
     *
     * @param card the print or screen image
     * @param emitting whether the card shows emitted light (a screen) rather than reflecting it
     * @param colour the flash colour at capture, or null
     * @param yawDegrees the card's turn
     * @param dx horizontal offset of the card's centre, pixels
     * @param dy vertical offset, pixels
     * @return the camera frame, 640x480
     */
    static BufferedImage held(BufferedImage card, boolean emitting, FlashColour colour, double yawDegrees, int dx,
            int dy) {
        BufferedImage frame = new BufferedImage(WebcamCheck.WIDTH, WebcamCheck.HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setColor(ROOM);
        g.fillRect(0, 0, frame.getWidth(), frame.getHeight());
        g.dispose();
        BufferedImage room = FlashTint.tint(frame, colour, FlashTint.STRENGTH);
        BufferedImage lit = emitting ? glare(card, colour) : FlashTint.tint(card, colour, FlashTint.STRENGTH);
        double scaleToFit = Math.min((double) CARD_W / lit.getWidth(), (double) CARD_H / lit.getHeight());
        double cardW = lit.getWidth() * scaleToFit;
        double cardH = lit.getHeight() * scaleToFit;
        double angle = Math.toRadians(yawDegrees);
        double distance = 2.5 * CARD_W;
        double cx = WebcamCheck.WIDTH / 2.0 + dx;
        double cy = WebcamCheck.HEIGHT / 2.0 + dy;
        Graphics2D out = room.createGraphics();
        out.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int columns = (int) Math.round(cardW);
        for (int col = 0; col < columns; col++) {
            // Column s (-0.5..0.5 of the card) lands at x = f * X / Z, with the card point
            // (X, Z) = (s * w * cos, distance + s * w * sin) and f = distance.
            double s = (col + 0.5) / columns - 0.5;
            double s2 = s + 1.0 / columns;
            double x1 = cx + s * cardW * Math.cos(angle) * distance / (distance + s * cardW * Math.sin(angle));
            double x2 = cx + s2 * cardW * Math.cos(angle) * distance / (distance + s2 * cardW * Math.sin(angle));
            double h = cardH * distance / (distance + s * cardW * Math.sin(angle));
            int srcX = (int) (col * (double) lit.getWidth() / columns);
            int srcX2 = Math.max(srcX + 1, (int) ((col + 1) * (double) lit.getWidth() / columns));
            out.drawImage(lit, (int) Math.round(x1), (int) Math.round(cy - h / 2), Math.max((int) Math.round(x1) + 1,
                    (int) Math.round(x2)), (int) Math.round(cy + h / 2), srcX, 0, srcX2, lit.getHeight(), null);
        }
        out.dispose();
        return room;
    }

    /** The photo centred on a card of its own aspect with a margin of {@code margin} of its width. */
    private static BufferedImage onCard(BufferedImage photo, Color border, double margin) {
        int m = (int) Math.round(photo.getWidth() * margin);
        BufferedImage card = new BufferedImage(photo.getWidth() + 2 * m, photo.getHeight() + 2 * m,
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = card.createGraphics();
        g.setColor(border);
        g.fillRect(0, 0, card.getWidth(), card.getHeight());
        g.drawImage(photo, m, m, null);
        g.dispose();
        return card;
    }

    /** The faint reflection of the flash on the phone's glass, added to what the screen emits. */
    private static BufferedImage glare(BufferedImage screen, FlashColour colour) {
        BufferedImage out = new BufferedImage(screen.getWidth(), screen.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        double[] add = colour == null ? new double[3] : colour.rgb();
        for (int y = 0; y < screen.getHeight(); y++) {
            for (int x = 0; x < screen.getWidth(); x++) {
                int p = screen.getRGB(x, y);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int v = (p >> (16 - 8 * c)) & 0xff;
                    rgb |= (int) Math.min(255, Math.round(v + 255 * SCREEN_GLARE * add[c])) << (16 - 8 * c);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    private static int ink(int v) {
        return 20 + (int) Math.round(v * (237 - 20) / 255.0);
    }
}
