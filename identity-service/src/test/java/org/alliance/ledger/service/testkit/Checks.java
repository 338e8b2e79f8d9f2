package org.alliance.ledger.service.testkit;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.subject.IdNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/** Builds identity-check requests for tests: valid by default, each part replaceable. */
public final class Checks {
    /** The kiosk device id the development configuration registers. */
    public static final String DEVICE_ID = "kiosk-dev-01";
    /** A valid ID number of someone born 1990-01-01 in Zhangzhou. */
    public static final String ID_NUMBER = withCheck("35062219900101123");

    private final Map<String, String> fields = new LinkedHashMap<>();
    private String reference = "FACE person=alice yaw=0 eyes=1 live=0.95 n=ref";
    private final List<String> frames = new ArrayList<>(List.of(
            "FACE person=alice yaw=0 eyes=1 live=0.95 n=1",
            "FACE person=alice yaw=0 eyes=0.1 live=0.95 n=2",
            "FACE person=alice yaw=30 eyes=1 live=0.95 n=3"));

    private Checks(String nonce) {
        fields.put("idNumber", ID_NUMBER);
        fields.put("name", "张三");
        fields.put("cardValidFrom", LocalDate.now().minusYears(5).toString());
        fields.put("cardValidTo", LocalDate.now().plusYears(5).toString());
        fields.put("nonce", nonce);
        fields.put("consent", "true");
        fields.put("deviceId", DEVICE_ID);
    }

    /**
     * A valid check for a nonce.
     *
     * @param nonce the challenge nonce
     * @return the builder
     */
    public static Checks forNonce(String nonce) {
        return new Checks(nonce);
    }

    /**
     * Completes 17 digits with their check character.
     *
     * @param first17 17 digits
     * @return the ID number
     */
    public static String withCheck(String first17) {
        return first17 + IdNumbers.checkCharacter(first17);
    }

    /**
     * Sets a field; null removes it.
     *
     * @param name the field
     * @param value the value
     * @return this
     */
    public Checks field(String name, String value) {
        if (value == null) {
            fields.remove(name);
        } else {
            fields.put(name, value);
        }
        return this;
    }

    /**
     * Sets the reference photo script; null removes it.
     *
     * @param script the fake image
     * @return this
     */
    public Checks reference(String script) {
        reference = script;
        return this;
    }

    /**
     * Replaces the frames.
     *
     * @param scripts the fake frames
     * @return this
     */
    public Checks frames(String... scripts) {
        frames.clear();
        frames.addAll(List.of(scripts));
        return this;
    }

    /**
     * The multipart request.
     *
     * @return the request builder
     */
    public MockMultipartHttpServletRequestBuilder request() {
        MockMultipartHttpServletRequestBuilder b = multipart("/api/identity/checks");
        if (reference != null) {
            b.file(new MockMultipartFile("referencePhoto", "ref.jpg", "image/jpeg", reference.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < frames.size(); i++) {
            b.file(new MockMultipartFile("frames", "f" + i + ".jpg", "image/jpeg", frames.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        fields.forEach(b::param);
        return b;
    }

    /**
     * Issues a challenge through the API.
     *
     * @param mvc the API
     * @return its nonce
     * @throws Exception on failure
     */
    public static String nonce(MockMvc mvc) throws Exception {
        String body = mvc.perform(post("/api/identity/challenges")).andReturn().getResponse().getContentAsString();
        int i = body.indexOf("\"nonce\":\"") + 9;
        return body.substring(i, i + 32);
    }

    /**
     * Row counts of the tables a check writes.
     *
     * @param jdbc the database
     * @return identity_check, pii_blob and outbox counts, and used challenges
     */
    public static List<Long> counts(JdbcClient jdbc) {
        return List.of(count(jdbc, "identity_check"), count(jdbc, "pii_blob"), count(jdbc, "outbox"),
                jdbc.sql("select count(*) from challenge where used = true").query(Long.class).single());
    }

    private static long count(JdbcClient jdbc, String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
