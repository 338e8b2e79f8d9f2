package org.alliance.ledger.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.rules.ErrorCode;
import org.alliance.ledger.core.rules.RuleException;
import org.alliance.ledger.core.subject.IdNumbers;

/**
 * Finds personal data in anything headed for the ledger. The ledger must hold only keyed
 * subject references, hashes, signatures, decisions and times; this scanner is the last line of
 * defence against a producer that gets that wrong.
 *
 * <p>It refuses:
 * <ul>
 *   <li>an 18-character GB 11643 ID number with a valid region, birth date and check character,
 *       anywhere inside any string;</li>
 *   <li>a 15-digit pre-1999 ID number standing as its own run of digits (except inside hex
 *       digests, where random digit runs of that length are too common to mean anything);</li>
 *   <li>images: base64 or hex text starting with a JPEG, PNG, GIF or WebP signature, and
 *       {@code data:} URLs;</li>
 *   <li>fields whose names denote personal data ({@code name}, {@code fullName},
 *       {@code idNumber}, {@code photo}, {@code image}, ...);</li>
 *   <li>Chinese characters outside the descriptive catalogue fields ({@code regionName},
 *       {@code title}, {@code homeRule}, {@code materials}) and {@code reason}, and in
 *       {@code reason} a bare run of two to four Chinese characters, the shape of a personal
 *       name.</li>
 * </ul>
 * Messages name the JSON path and the kind of finding, never the value itself.
 */
public final class PersonalDataScanner {
    private static final Set<String> PERSONAL_FIELDS = Set.of(
            "name", "fullname", "realname", "personname", "holdername", "applicantname", "surname",
            "givenname", "idnumber", "idno", "idcard", "idcardnumber", "citizenid", "identitynumber",
            "sfzh", "photo", "image", "picture", "faceimage", "portrait", "avatar", "birthdate",
            "dateofbirth", "birthday", "phone", "mobile", "telephone", "email", "address");
    private static final Set<String> CJK_FIELDS = Set.of("regionName", "title", "homeRule", "materials", "reason");
    private static final String REASON_FIELD = "reason";
    private static final Pattern BARE_NAME = Pattern.compile("\\p{IsHan}{2,4}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern DATA_URL = Pattern.compile("(?i)data:[a-z0-9.+-]+/[a-z0-9.+-]+[;,]");
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9-]+:)?[0-9a-fA-F]{32,}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern BASE64_PREFIX = Pattern.compile("[A-Za-z0-9+/]{16}.*", Pattern.DOTALL);
    /** Longest hex digest (SHA-512); longer hex text may be a file. */
    private static final int MAX_DIGEST_HEX = 128;

    /**
     * One finding.
     *
     * @param path the JSON path, for example {@code $.record.body.reason}
     * @param kind what was found, for example {@code ID number}
     */
    public record Finding(String path, String kind) {
    }

    private PersonalDataScanner() {
    }

    /**
     * Scans any value of this library's JSON-shaped types.
     *
     * @param value a record, signed record or other value
     * @return the findings; empty if none
     */
    public static List<Finding> scan(Object value) {
        return scan(value instanceof JsonNode n ? n : RecordCodec.toTree(value));
    }

    /**
     * Scans a JSON tree.
     *
     * @param node the tree
     * @return the findings; empty if none
     */
    public static List<Finding> scan(JsonNode node) {
        List<Finding> out = new ArrayList<>();
        walk(node, "$", "", out);
        return List.copyOf(out);
    }

    /**
     * Scans a value as stored in a world state: a JSON document, or else UTF-8 text. The rules
     * already refuse personal data at write time; test world states call this on every write to
     * check that nothing derived from a record (views, indexes, receipts) brings any back.
     *
     * @param stored the stored bytes
     * @return the findings; empty if none
     */
    public static List<Finding> scanStored(byte[] stored) {
        JsonNode tree;
        try {
            tree = StrictJson.parseTree(stored, stored.length);
        } catch (JsonInputException e) {
            tree = TextNode.valueOf(new String(stored, StandardCharsets.UTF_8));
        }
        return scan(tree);
    }

    /**
     * Refuses a value that holds personal data.
     *
     * @param value the value or JSON tree
     * @throws RuleException with {@link ErrorCode#PERSONAL_DATA} naming the first finding
     */
    public static void requireNone(Object value) {
        List<Finding> findings = scan(value);
        if (!findings.isEmpty()) {
            Finding f = findings.get(0);
            throw new RuleException(ErrorCode.PERSONAL_DATA, f.kind() + " at " + f.path());
        }
    }

    private static void walk(JsonNode node, String path, String field, List<Finding> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String childPath = path + "." + e.getKey();
                if (PERSONAL_FIELDS.contains(e.getKey().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT))) {
                    out.add(new Finding(childPath, "field named for personal data"));
                }
                walk(e.getValue(), childPath, e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", field, out);
            }
        } else if (node.isTextual()) {
            String kind = classify(node.textValue(), field);
            if (kind != null) {
                out.add(new Finding(path, kind));
            }
        }
    }

    /**
     * Classifies one string.
     *
     * @param s the string
     * @param field the name of the field holding it (the array's name for array entries)
     * @return the kind of personal data found, or {@code null}
     */
    static String classify(String s, String field) {
        if (containsIdNumber(s)) {
            return "ID number";
        }
        if (!DIGEST.matcher(s).matches() && containsLegacyIdNumber(s)) {
            return "15-digit ID number";
        }
        if (DATA_URL.matcher(s).find()) {
            return "data URL";
        }
        if (looksLikeImage(s)) {
            return "image";
        }
        if (HAN.matcher(s).find()) {
            if (!CJK_FIELDS.contains(field)) {
                return "Chinese text in a field not meant for it";
            }
            if (REASON_FIELD.equals(field) && BARE_NAME.matcher(s.strip()).matches()) {
                return "what looks like a personal name";
            }
        }
        return null;
    }

    private static boolean containsIdNumber(String s) {
        // Only windows whose first 17 characters are digits can hold an ID number, so track the
        // digit run and validate just those windows: linear in the string, not quadratic.
        int run = 0;
        for (int i = 0; i + 1 < s.length(); i++) {
            run = isDigit(s.charAt(i)) ? run + 1 : 0;
            if (run >= 17 && IdNumbers.isValid(s.substring(i - 16, i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsLegacyIdNumber(String s) {
        int i = 0;
        while (i < s.length()) {
            if (!isDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i - start == 15 && IdNumbers.isValidLegacy(s.substring(start, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeImage(String s) {
        byte[] head = null;
        if (s.length() > MAX_DIGEST_HEX && HEX.matcher(s).matches()) {
            head = org.alliance.ledger.core.codec.Hex.decode(s.substring(0, 24));
        } else if (BASE64_PREFIX.matcher(s).matches()) {
            head = Base64.getDecoder().decode(s.substring(0, 16));
        }
        return head != null && isImageMagic(head);
    }

    private static boolean isImageMagic(byte[] b) {
        boolean jpeg = (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
        boolean png = (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        boolean gif = b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
        boolean webp = b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
        return jpeg || png || gif || webp;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
