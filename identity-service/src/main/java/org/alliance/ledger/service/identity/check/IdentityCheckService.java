package org.alliance.ledger.service.identity.check;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.subject.SubjectReference;
import org.alliance.ledger.service.config.DataDirectory;
import org.alliance.ledger.service.identity.IdentityProperties;
import org.alliance.ledger.service.identity.challenge.Challenge;
import org.alliance.ledger.service.identity.challenge.ChallengeService;
import org.alliance.ledger.face.AnalysisMode;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.ColourFlashJudge;
import org.alliance.ledger.face.FaceAnalysis;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.FaceMath;
import org.alliance.ledger.face.LivenessJudge;
import org.alliance.ledger.face.LivenessResult;
import org.alliance.ledger.face.MatchPolicy;
import org.alliance.ledger.face.ModelInfo;
import org.alliance.ledger.face.ModelSetInfo;
import org.alliance.ledger.service.identity.idcard.IdCard;
import org.alliance.ledger.service.identity.idcard.IdCardRejectedException;
import org.alliance.ledger.service.identity.idcard.IdCardValidator;
import org.alliance.ledger.service.identity.idcard.NameNormaliser;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.storage.PiiStore;
import org.alliance.ledger.service.storage.Timestamps;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The IMI identity check: validate the card, check the challenge, analyse every
 * image, judge liveness (the challenge's actions and, when it has one, its colour flash), compare
 * faces, decide, sign the attestation, and store the check, its encrypted personal data and the
 * outbox entry in one transaction.
 *
 * <p>Input problems (fields, card, nonce, images) are refused before anything is written, so a
 * refusal changes nothing, not even the nonce. A biometric rejection (different person, failed
 * liveness) is a complete check: it is stored, its REJECTED attestation goes to the ledger like
 * any other, and the API answers 422 with the attestation's id.
 */
@Service
public class IdentityCheckService {
    /** The file of the generated development subject-reference secret in the data directory. */
    public static final String DEV_SECRET_FILE = "subject.secret";
    /** The liveness method recorded in attestations of a challenge without a colour flash. */
    public static final String LIVENESS_METHOD = "ACTION_CHALLENGE";
    /** The liveness method recorded in attestations of a challenge with a colour flash. */
    public static final String LIVENESS_METHOD_FLASH = "ACTION_CHALLENGE_COLOUR_FLASH";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    private final FaceEngine engine;
    private final ImageAnalyser images;
    private final LivenessJudge liveness;
    private final ColourFlashJudge flashJudge;
    private final ChallengeService challenges;
    private final IdCardValidator cards;
    private final RecordFactory records;
    private final Outbox outbox;
    private final PiiStore pii;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IdentityProperties properties;
    private final SubjectReference.Algorithm subjectAlgorithm;
    private final byte[] subjectSecret;
    private final MeterRegistry meters;

    /**
     * Creates the service.
     *
     * @param engine the face engine
     * @param images analyses a check's images
     * @param liveness the liveness judge
     * @param challenges the challenges
     * @param records the record factory
     * @param outbox the outbox
     * @param pii the personal-data store
     * @param jdbc the database
     * @param tx transactions
     * @param clock the clock
     * @param properties the identity settings
     * @param dataDirectory where a development subject secret is kept
     * @param meters where check outcomes are counted
     */
    public IdentityCheckService(FaceEngine engine, ImageAnalyser images, LivenessJudge liveness,
            ChallengeService challenges,
            RecordFactory records, Outbox outbox, PiiStore pii, JdbcClient jdbc, TransactionTemplate tx, Clock clock,
            IdentityProperties properties, DataDirectory dataDirectory, MeterRegistry meters) {
        this.engine = engine;
        this.images = images;
        this.liveness = liveness;
        this.flashJudge = new ColourFlashJudge(engine.matchPolicy().threshold());
        this.challenges = challenges;
        this.cards = new IdCardValidator(clock, new NameNormaliser(properties.nameMaxLength()));
        this.records = records;
        this.outbox = outbox;
        this.pii = pii;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
        this.subjectAlgorithm = SubjectReference.Algorithm.fromId(properties.subjectAlgorithm());
        this.subjectSecret = properties.subjectSecret() != null ? Hex.decode(properties.subjectSecret())
                : dataDirectory.secret(DEV_SECRET_FILE, SubjectReference.MIN_SECRET_BYTES);
        if (subjectSecret.length < SubjectReference.MIN_SECRET_BYTES) {
            throw new IllegalStateException("alliance.identity.subject-secret must be at least "
                    + SubjectReference.MIN_SECRET_BYTES + " bytes");
        }
    }

    /**
     * Runs a check.
     *
     * @param submission the input
     * @return the attestation of an ACCEPTED check
     * @throws ApiException for refused input (nothing stored), or 422 for a REJECTED check
     *     (stored, with {@code attestationId} in the problem)
     */
    public Attestation check(CheckSubmission submission) {
        try {
            Attestation attestation = run(submission);
            count("ACCEPTED", "NONE");
            return attestation;
        } catch (ApiException e) {
            count(e.properties().containsKey("attestationId") ? "REJECTED" : "REFUSED", e.reason());
            throw e;
        }
    }

    private Attestation run(CheckSubmission submission) {
        if (!submission.consent()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CONSENT_REQUIRED",
                    "the person must consent (consent=true) before their face and card are checked");
        }
        IdCard card = card(submission);
        String deviceId = deviceId(submission.deviceId());
        if (submission.frames().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "at least one frame is required",
                    Map.of("field", "frames"));
        }
        if (submission.frames().size() > properties.maxFrames()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "TOO_MANY_FRAMES",
                    "at most " + properties.maxFrames() + " frames are accepted", Map.of("field", "frames"));
        }
        Challenge challenge = challenges.usable(submission.nonce());
        ColourFlash flash = challenge.colourFlash();
        refuseUnfitFlash(flash, submission);
        // Each image gets only the signals the decision uses: the reference photo is matched, never
        // judged for motion, and is searched for a second face however small the detector's first
        // search is (whose photo it is must be clear); every frame needs pose, eyes and its embedding (turn order, blink,
        // STATIC_FRAMES and DIFFERENT_FACES use them all); the passive anti-spoof score is only
        // recorded, so it is measured once, on the first (neutral, frontal) frame.
        List<ImageAnalyser.Job> jobs = new ArrayList<>();
        jobs.add(new ImageAnalyser.Job(submission.referencePhoto(), "referencePhoto", AnalysisMode.REFERENCE));
        int neutral = submission.frames().isEmpty() ? -1 : jobs.size();
        for (int i = 0; i < submission.frames().size(); i++) {
            jobs.add(new ImageAnalyser.Job(submission.frames().get(i), "frames[" + i + "]",
                    i == 0 ? AnalysisMode.FULL : AnalysisMode.MOTION));
        }
        // Flash frames need the face (for its skin and its person) but no motion signals; they are
        // taken right after the neutral frame, so its face shows the engine where to look.
        for (int i = 0; i < submission.flashFrames().size(); i++) {
            jobs.add(new ImageAnalyser.Job(submission.flashFrames().get(i), "flashFrames[" + i + "]",
                    AnalysisMode.IDENTITY, neutral));
        }
        List<FaceAnalysis> analysed = images.analyseAll(jobs);
        FaceAnalysis reference = analysed.get(0);
        int flashStart = 1 + submission.frames().size();
        List<FaceAnalysis> frames = analysed.subList(1, flashStart);
        LivenessResult live = liveness.judge(challenge.actions(), frames);
        ColourFlashJudge.Result flashed = flash == null ? null
                : flashJudge.judge(flash, frames.get(0), analysed.subList(flashStart, analysed.size()),
                        submission.flashTimesMs());
        boolean alive = live.passed() && (flashed == null || flashed.passed());
        double similarity = medianSimilarity(reference, frames);
        MatchPolicy policy = engine.matchPolicy();
        List<String> reasons = new ArrayList<>();
        if (!alive) {
            live.reasons().stream().filter(r -> CODE.matcher(r).matches()).forEach(reasons::add);
            if (flashed != null) {
                reasons.addAll(flashed.reasons());
            }
            if (reasons.isEmpty()) {
                reasons.add("LIVENESS_FAILED");
            }
        }
        if (similarity < policy.threshold()) {
            reasons.add("DIFFERENT_PERSON");
        }
        AttestationDecision decision = reasons.isEmpty() ? AttestationDecision.ACCEPTED : AttestationDecision.REJECTED;
        IdentityAttestationBody.FaceModel model = faceModel(policy);
        double passive = clamp(live.passiveScore(), 0, 1);
        IdentityAttestationBody body = new IdentityAttestationBody(
                SubjectReference.compute(subjectAlgorithm, subjectSecret, card.idNumber()),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness(flash == null ? LIVENESS_METHOD : LIVENESS_METHOD_FLASH,
                        challenge.actions().stream().map(Enum::name).toList(), alive, passive),
                clamp(similarity, -1, 1), model, policy.threshold(), policy.falseMatchRate(), decision, reasons, deviceId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = "att-" + UUID.randomUUID();
        SignedRecord record = records.create(id, now, null, body);
        tx.executeWithoutResult(status -> {
            challenges.consume(submission.nonce());
            insertCheck(id, submission.nonce(), body, passive, now);
            pii.store(id, personalData(card, submission), now.plus(properties.retention()));
            outbox.add(record);
        });
        Attestation attestation = find(id).orElseThrow();
        if (decision == AttestationDecision.REJECTED) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("attestationId", id);
            extra.put("decision", decision.name());
            extra.put("reasons", reasons);
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, primaryReason(alive, reasons),
                    "the identity was not confirmed; the rejection is recorded as attestation " + id, extra);
        }
        return attestation;
    }

    /**
     * An attestation with its ledger status.
     *
     * @param id the attestation id
     * @return the attestation, if this service made it
     */
    public Optional<Attestation> find(String id) {
        return jdbc.sql("select * from identity_check where id = ?").param(id)
                .query((rs, n) -> {
                    String reasons = rs.getString("reasons");
                    var entry = outbox.find(id).orElseThrow(() -> new IllegalStateException("check " + id + " has no outbox entry"));
                    return new Attestation(id, AttestationDecision.valueOf(rs.getString("decision")),
                            reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")),
                            new Attestation.Scores(rs.getDouble("similarity"), rs.getDouble("passive_liveness")),
                            new Attestation.Model(rs.getString("model_id"), rs.getString("model_version"),
                                    rs.getString("model_sha256"), rs.getString("model_set"),
                                    rs.getString("model_licence")),
                            rs.getDouble("threshold"), rs.getDouble("false_match_rate"), LedgerStatus.of(entry),
                            entry.recordJson());
                })
                .optional();
    }

    private IdCard card(CheckSubmission s) {
        try {
            return cards.validate(s.idNumber(), s.name(), s.cardValidFrom(), s.cardValidTo());
        } catch (IdCardRejectedException e) {
            HttpStatus status = switch (e.reason()) {
                case CARD_EXPIRED, CARD_NOT_YET_VALID -> HttpStatus.UNPROCESSABLE_CONTENT;
                default -> HttpStatus.BAD_REQUEST;
            };
            throw new ApiException(status, e.reason().name(), e.getMessage(), Map.of("field", e.field()));
        }
    }

    /**
     * The device a check comes from: one of this instance's registered devices. An anonymous
     * client could otherwise put anything in the field, an ID number included, and the id goes
     * on the ledger with the attestation.
     */
    private String deviceId(String raw) {
        String id = raw == null || raw.isBlank() ? properties.defaultDeviceId() : raw.strip();
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD",
                    "deviceId must be 1 to 128 of A-Z a-z 0-9 . _ : / - starting with a letter or digit",
                    Map.of("field", "deviceId"));
        }
        if (!properties.devices().contains(id)) {
            // The id is not echoed: an unregistered one is whatever the client typed.
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNREGISTERED_DEVICE",
                    "the device is not registered with this service (alliance.identity.devices)",
                    Map.of("field", "deviceId"));
        }
        return id;
    }

    /** The median resists one lucky or one bad frame better than the best or the mean. */
    static double medianSimilarity(FaceAnalysis reference, List<FaceAnalysis> frames) {
        double[] s = frames.stream().mapToDouble(f -> FaceMath.cosine(reference.embedding(), f.embedding())).sorted().toArray();
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /**
     * The embedding model named by the match policy ({@code name} or {@code name@version}); the
     * record carries its name, version and file hash, and the model set with the set's licence.
     */
    private IdentityAttestationBody.FaceModel faceModel(MatchPolicy policy) {
        List<ModelInfo> models = engine.models();
        ModelInfo info = models.stream()
                .filter(m -> policy.modelId().equals(m.name()) || policy.modelId().equals(m.name() + "@" + m.version()))
                .findFirst()
                .or(() -> models.stream().filter(m -> "embedding".equalsIgnoreCase(m.role())).findFirst())
                .orElseThrow(() -> new IllegalStateException("the face engine lists no embedding model "
                        + policy.modelId()));
        ModelSetInfo set = engine.modelSet();
        return new IdentityAttestationBody.FaceModel(info.name(), info.version(), info.sha256(), set.id(),
                set.licence());
    }

    private static String primaryReason(boolean alive, List<String> reasons) {
        if (reasons.contains("SPOOF_SUSPECTED")) {
            return "SPOOF_SUSPECTED";
        }
        return alive ? "DIFFERENT_PERSON" : "LIVENESS_FAILED";
    }

    /**
     * Refuses flash frames whose capture times cannot come from a client that showed the
     * challenge's colours (FLASH_TIMING_MISMATCH), and flash frames for a challenge without a
     * flash. Frames that fit but show no flash, or none at all, are a liveness question, judged
     * and recorded like a wrong turn.
     */
    private static void refuseUnfitFlash(ColourFlash flash, CheckSubmission s) {
        if (s.flashFrames().isEmpty() && s.flashTimesMs().length == 0) {
            return;
        }
        if (flash == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD",
                    "this challenge has no colour flash, so no flash frames are expected", Map.of("field", "flashFrames"));
        }
        String problem = s.flashFrames().size() != s.flashTimesMs().length
                ? s.flashFrames().size() + " flash frames but " + s.flashTimesMs().length + " flash times"
                : ColourFlashJudge.timingProblem(flash, s.flashTimesMs());
        if (problem != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FLASH_TIMING_MISMATCH",
                    "the flash frames do not fit the challenge's colour sequence: " + problem,
                    Map.of("field", "flashTimes"));
        }
    }

    private void insertCheck(String id, String nonce, IdentityAttestationBody body, double passive, Instant now) {
        jdbc.sql("insert into identity_check (id, nonce, decision, reasons, similarity, passive_liveness, model_id, "
                        + "model_version, model_sha256, model_set, model_licence, threshold, false_match_rate, device_id, "
                        + "consent_version, consent_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, nonce, body.decision().name(), String.join(",", body.reasons()), body.similarity(), passive,
                        body.model().id(), body.model().version(), body.model().sha256(), body.model().set(),
                        body.model().licence(), body.threshold(),
                        body.falseMatchRate(), body.deviceId(), properties.consentVersion(), Timestamps.of(now),
                        Timestamps.of(now))
                .update();
    }

    private static List<PiiStore.Item> personalData(IdCard card, CheckSubmission s) {
        List<PiiStore.Item> items = new ArrayList<>();
        items.add(new PiiStore.Item("ID_NUMBER", 0, card.idNumber().getBytes(StandardCharsets.UTF_8)));
        items.add(new PiiStore.Item("NAME", 0, card.name().getBytes(StandardCharsets.UTF_8)));
        items.add(new PiiStore.Item("CARD_VALIDITY", 0, (card.validFrom() + "/"
                + (card.longTerm() ? "LONG-TERM" : card.validTo())).getBytes(StandardCharsets.UTF_8)));
        items.add(new PiiStore.Item("REFERENCE_PHOTO", 0, s.referencePhoto()));
        for (int i = 0; i < s.frames().size(); i++) {
            items.add(new PiiStore.Item("FRAME", i, s.frames().get(i)));
        }
        for (int i = 0; i < s.flashFrames().size(); i++) {
            items.add(new PiiStore.Item("FLASH_FRAME", i, s.flashFrames().get(i)));
        }
        return items;
    }

    /** Counts outcomes by reason, so operators see refusal patterns (a broken kiosk camera, an attack) early. */
    private void count(String outcome, String reason) {
        meters.counter("alliance.identity.checks", "outcome", outcome, "reason", reason).increment();
    }

    private static double clamp(double v, double min, double max) {
        return Double.isNaN(v) ? min : Math.max(min, Math.min(max, v));
    }

    /**
     * The keyed subject reference of an ID number, as an identity check would record it, for a
     * window clerk who files a case for an applicant without a kiosk check. The number is checked
     * (GB 11643) and used only to compute the reference: it is not stored or logged.
     *
     * @param idNumber the number as the clerk typed it
     * @return the subject reference, 64 lowercase hex
     * @throws IdCardRejectedException for a malformed number, naming the field and the flaw
     */
    public String subjectReference(String idNumber) throws IdCardRejectedException {
        return SubjectReference.compute(subjectAlgorithm, subjectSecret, cards.idNumber(idNumber));
    }
}
