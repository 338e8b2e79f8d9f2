package org.alliance.ledger.core.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.subject.IdNumbers;

/**
 * Finds personal data in anything headed for the ledger. The ledger must hold only keyed
 * subject references, hashes, signatures, codes, decisions and times; this scanner is the last
 * line of defence against a producer that gets that wrong, and the rules run it on every record,
 * so a client that talks to the ledger directly meets it too.
 *
 * <p>Every string value, in any field, and every field name is first normalised: Unicode NFKC
 * (full-width digits and letters become ASCII, so {@code ４４０５０７} reads as {@code 440507}),
 * then runs of digits are joined across separators (at most three of: white space, hyphens and
 * dashes, dots, commas, slashes, underscores, middle dots, ideographic commas and full stops), so
 * {@code 440507-19770707-3226} and {@code 4405 0719 7707 0732 26} read as one number. The
 * scanner then refuses:
 * <ul>
 *   <li>an 18-character GB 11643 ID number with a valid province, birth date and check
 *       character, anywhere in a run of joined digits;</li>
 *   <li>a 15-digit pre-1999 ID number made of whole digit groups (a bare run of exactly 15
 *       digits, or groups such as {@code 350602-850315-777}); not inside a hex digest or a UUID,
 *       where runs of that length are random and, lacking a check digit, would match far too
 *       often;</li>
 *   <li>images: base64 or hex text starting with a JPEG, PNG, GIF or WebP signature, and
 *       {@code data:} URLs;</li>
 *   <li>fields whose names denote personal data ({@code name}, {@code fullName},
 *       {@code idNumber}, {@code photo}, {@code image}, ...);</li>
 *   <li>Chinese characters outside the descriptive catalogue fields ({@code regionName},
 *       {@code title}, {@code homeRule}, {@code materials});</li>
 *   <li>a personal name in a sentence: after white space and separators are removed, a word that
 *       introduces a person (持证人, 申请人, 当事人, 姓名, 户主, 法定代表人, ...) followed by
 *       one of about 150 common surnames (single or compound, covering the great majority of
 *       people) and a Han character; or such a surname with up to two Han characters before a
 *       form of address (先生, 女士, 小姐, 同志, ...); or an English form of address
 *       ({@code Mr}, {@code Mrs}, {@code Ms}, {@code Miss}, {@code Dr}) before a capitalised
 *       word.</li>
 * </ul>
 * Messages name the JSON path and the kind of finding, never the value itself.
 *
 * <p>Known limits, which is why free text never goes on the ledger in the first place (reasons
 * are {@link ReasonCode}s, labels come from the catalogue): a name with no introducing word or
 * form of address, or with a rare surname, is not recognised; nor is an ID number whose digits
 * are spelled out, interleaved with letters, split by more than three separators, or encoded;
 * nor a 15-digit number laid out as a UUID, nor one inside a value that is wholly a 32-byte
 * digest (64 hex digits, optionally tagged {@code sm3:} or {@code sha256:}): digests are random,
 * and one holds a valid-looking ID number by chance often enough that refusing it would make
 * records impossible to write. The other way round, a 24-digit serial can contain a valid-looking ID number by
 * chance; such a value is refused, the safe side.
 */
public final class PersonalDataScanner {
    private static final Set<String> PERSONAL_FIELDS = Set.of(
            "name", "fullname", "realname", "personname", "holdername", "applicantname", "surname",
            "givenname", "idnumber", "idno", "idcard", "idcardnumber", "citizenid", "identitynumber",
            "sfzh", "photo", "image", "picture", "faceimage", "portrait", "avatar", "birthdate",
            "dateofbirth", "birthday", "phone", "mobile", "telephone", "email", "address");
    private static final Set<String> CJK_FIELDS = Set.of("regionName", "title", "homeRule", "materials");
    /** The most digit separators allowed between two groups of one number. */
    private static final int MAX_SEPARATORS = 3;
    private static final int ID_LENGTH = 18;
    private static final int LEGACY_ID_LENGTH = 15;
    /** Words that introduce the person a sentence is about. */
    private static final String INTRODUCERS = "持证人|持有人|申请人|当事人|姓名|名字|户主|本人|法定代表人|法人代表|法人"
            + "|代理人|委托人|受托人|经办人|联系人|监护人|被监护人|被保险人|参保人|投保人|领取人|收件人|签收人"
            + "|承办人|负责人|患者|学生|职工|员工|死者|继承人|配偶|丈夫|妻子|父亲|母亲|儿子|女儿";
    /** Forms of address that follow a surname. */
    private static final String ADDRESS_FORMS = "先生|女士|小姐|同志|师傅|老师|阿姨|大爷|大妈|老先生|老太太";
    /**
     * Common surnames: the hundred or so most frequent single ones and the usual compound ones;
     * compound ones first so that they match whole.
     */
    private static final String SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|"
            + "[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
            + "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
            + "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚"
            + "岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
            + "邝]";
    private static final Pattern NAME_IN_SENTENCE = Pattern.compile(
            "(?:" + INTRODUCERS + ")[:：为是叫系即]?(?:" + SURNAMES + ")\\p{IsHan}"
            + "|(?:" + SURNAMES + ")\\p{IsHan}{0,2}(?:" + ADDRESS_FORMS + ")");
    private static final Pattern ENGLISH_ADDRESS = Pattern.compile("\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\\.?\\s+[A-Z][a-z]+");
    private static final Pattern NOT_HAN_TEXT = Pattern.compile("[\\s\\p{Punct}\\p{IsPunctuation}·・]+");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern DATA_URL = Pattern.compile("(?i)data:[a-z0-9.+-]+/[a-z0-9.+-]+[;,]");
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9-]+:)?[0-9a-fA-F]{32,}");
    /** A digest of the ledger's hashes (SHA-256, SM3: 32 bytes), optionally tagged with its algorithm. */
    private static final Pattern LEDGER_DIGEST = Pattern.compile("([a-z0-9-]+:)?[0-9a-fA-F]{64}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
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
                } else {
                    String kind = classify(e.getKey(), "");
                    if (kind != null) {
                        out.add(new Finding(childPath, kind + " in a field name"));
                    }
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
     * @param raw the string
     * @param field the name of the field holding it (the array's name for array entries)
     * @return the kind of personal data found, or {@code null}
     */
    static String classify(String raw, String field) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        String idKind = idNumberKind(s);
        if (idKind != null) {
            return idKind;
        }
        if (DATA_URL.matcher(s).find()) {
            return "data URL";
        }
        if (looksLikeImage(raw)) {
            return "image";
        }
        if (HAN.matcher(s).find()) {
            if (!CJK_FIELDS.contains(field)) {
                return "Chinese text in a field not meant for it";
            }
            if (NAME_IN_SENTENCE.matcher(NOT_HAN_TEXT.matcher(s).replaceAll("")).find()) {
                return "what looks like a personal name";
            }
        }
        if (ENGLISH_ADDRESS.matcher(s).find()) {
            return "what looks like a personal name";
        }
        return null;
    }

    /**
     * Looks for ID numbers in a normalised string.
     *
     * @param s the string after NFKC
     * @return the kind found, or {@code null}
     */
    private static String idNumberKind(String s) {
        boolean digest = DIGEST.matcher(s).matches();
        // A digest is random hex: about one in three million 64-digit ones holds a run of digits
        // that reads as a valid ID number (7 of 20,000,000 random ones did). Refusing it would
        // refuse that record for good (a chain's prev hash or a file's hash is not the writer's to
        // choose), so a value that is wholly a digest of the ledger's hashes is not read for ID
        // numbers. Only that exact length: shorter or longer hex is scanned as any text.
        if (LEDGER_DIGEST.matcher(s).matches()) {
            return null;
        }
        // UUIDs are random hex in hyphenated groups: harmless, and without a check digit a 15-digit
        // number would match one now and then; blank them out for the legacy check only.
        String legacyView = UUID.matcher(s).replaceAll(m -> "u".repeat(m.group().length()));
        boolean legacy = false;
        for (DigitRun run : digitRuns(s)) {
            if (run.containsIdNumber()) {
                return "ID number";
            }
        }
        if (!digest) {
            for (DigitRun run : digitRuns(legacyView)) {
                legacy |= run.containsLegacyIdNumber();
            }
        }
        return legacy ? "15-digit ID number" : null;
    }

    /**
     * A number as a person may write it: digit groups joined by separators, and the groups'
     * boundaries within the joined digits.
     */
    private record DigitRun(String digits, List<Integer> boundaries) {
        boolean containsIdNumber() {
            for (int i = 0; i + ID_LENGTH <= digits.length(); i++) {
                if (IdNumbers.isValid(digits.substring(i, i + ID_LENGTH))) {
                    return true;
                }
            }
            return false;
        }

        /** Only whole groups: a check-digit-less 15-digit number must stand as written. */
        boolean containsLegacyIdNumber() {
            for (int a : boundaries) {
                int b = a + LEGACY_ID_LENGTH;
                if (boundaries.contains(b) && IdNumbers.isValidLegacy(digits.substring(a, b))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Splits a string into runs of digit groups joined by at most {@value #MAX_SEPARATORS}
     * separators. A group is a maximal run of ASCII digits, with a trailing {@code X} or
     * {@code x} (the check character of an ID number).
     */
    private static List<DigitRun> digitRuns(String s) {
        List<DigitRun> runs = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        List<Integer> boundaries = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (!isDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i < n && (s.charAt(i) == 'X' || s.charAt(i) == 'x')) {
                i++;
            }
            if (digits.isEmpty()) {
                boundaries.add(0);
            }
            digits.append(s, start, i);
            boundaries.add(digits.length());
            int gap = i;
            while (gap < n && gap - i < MAX_SEPARATORS && isSeparator(s.charAt(gap))) {
                gap++;
            }
            boolean joined = gap > i && gap < n && isDigit(s.charAt(gap));
            if (joined) {
                i = gap;
            } else {
                runs.add(new DigitRun(digits.toString(), List.copyOf(boundaries)));
                digits.setLength(0);
                boundaries.clear();
            }
        }
        return runs;
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '-' || c == '.' || c == ',' || c == '/' || c == '\\' || c == '_'
                || c >= '\u2010' && c <= '\u2015' || c == '\u2212' || c == '\u00b7' || c == '\u30fb'
                || c == '\u3001' || c == '\u3002';
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
