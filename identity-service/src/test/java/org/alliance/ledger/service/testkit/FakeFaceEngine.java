package org.alliance.ledger.service.testkit;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.face.AnalysisMode;
import org.alliance.ledger.face.FaceAnalysis;
import org.alliance.ledger.face.FaceBox;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.ImageRejectedException;
import org.alliance.ledger.face.MatchPolicy;
import org.alliance.ledger.face.ModelInfo;
import org.alliance.ledger.face.ModelSetInfo;

/**
 * A test-only face engine over scripted "images": UTF-8 text such as
 * {@code FACE person=alice yaw=0 eyes=1 live=0.95 n=1}, or {@code REJECT NO_FACE}. Each person
 * gets a fixed random unit embedding, so two people are far apart and one person matches itself.
 * The service's pipeline is tested with this; the real models are tested with the real engine.
 */
public final class FakeFaceEngine implements FaceEngine {
    /** The threshold of the fake match policy. */
    public static final double THRESHOLD = 0.5;
    private static final int DIM = 32;
    private final List<FaceBox> hints = new CopyOnWriteArrayList<>();

    /**
     * The hints this engine was given, in the order the analyses began.
     *
     * @return the earlier faces passed to {@link #analyse(byte[], AnalysisMode, FaceBox)}
     */
    public List<FaceBox> hints() {
        return List.copyOf(hints);
    }

    /** Records the hint, then analyses as without one, as an engine whose search is cheap does. */
    @Override
    public FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode, FaceBox near) throws ImageRejectedException {
        hints.add(near);
        return analyse(encodedImage, mode);
    }

    @Override
    public FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode) throws ImageRejectedException {
        String text = new String(encodedImage, StandardCharsets.UTF_8);
        if (text.startsWith("REJECT ")) {
            ImageRejectedException.Reason reason = ImageRejectedException.Reason.valueOf(text.substring(7).strip());
            throw new ImageRejectedException(reason, "scripted rejection " + reason);
        }
        if (!text.startsWith("FACE ")) {
            throw new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE, "not a JPEG or PNG image");
        }
        Map<String, String> kv = new HashMap<>();
        for (String token : text.substring(5).strip().split("\\s+")) {
            String[] p = token.split("=", 2);
            kv.put(p[0], p[1]);
        }
        // Like the real engine, signals the mode leaves out are NaN, so a pipeline that asks for too
        // little fails here too.
        return new FaceAnalysis(new FaceBox(10, 10, 100, 120, 0.99), embedding(kv.getOrDefault("person", "x")),
                mode.motion() ? Double.parseDouble(kv.getOrDefault("yaw", "0")) : Double.NaN,
                mode.motion() ? 0 : Double.NaN,
                mode.motion() ? Double.parseDouble(kv.getOrDefault("eyes", "1")) : Double.NaN,
                mode.passiveLiveness() ? Double.parseDouble(kv.getOrDefault("live", "0.95")) : Double.NaN, 0.9,
                Hex.encode(HashAlgorithm.SHA256.digest(encodedImage)));
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("detector", "fake-detect", "1", "test-fixture", "cd".repeat(32), "test only"),
                new ModelInfo("embedding", "fake-embed", "1", "test-fixture", "ab".repeat(32), "test only"));
    }

    @Override
    public ModelSetInfo modelSet() {
        return new ModelSetInfo("fake-set", "test fixture, no licence");
    }

    @Override
    public MatchPolicy matchPolicy() {
        // Named as the real engine names it (name@version), which is not a record id by itself.
        return new MatchPolicy("fake-embed@1", THRESHOLD, 1e-4, 0.02);
    }

    private static float[] embedding(String person) {
        Random r = new Random(person.hashCode());
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }
}
