package org.alliance.ledger.service.problem;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alliance.ledger.service.i18n.Languages;
import org.alliance.ledger.service.i18n.Messages;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The words of a problem in the request's language, from the {@code messages} bundle: the title
 * by status ({@code status.404}) and the detail by reason ({@code problem.WRONG_STATE}), followed
 * by the problem's {@code field} where it names one, in words where the bundle has them
 * ({@code field.referencePhoto}; an indexed part such as {@code frames[1]} takes its number as
 * the words' argument, counted from 1) and as the code otherwise. The {@code field} member itself
 * keeps the code. The reason code itself never changes, as clients
 * branch on it; the service's own, more specific explanation (in English, naming ids and
 * states) is kept as the {@code cause} member when the bundle's detail replaces it. A reason the
 * bundle lacks keeps its own detail.
 */
public final class ProblemText {
    private static final Pattern INDEXED = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,9})]");
    /** The member that keeps the specific explanation. */
    public static final String CAUSE = "cause";

    private ProblemText() {
    }

    /**
     * The title for a status, in the request's language.
     *
     * @param status the HTTP status
     * @return the title
     */
    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return Messages.find("status." + status, locale())
                .orElse(known == null ? "Error" : known.getReasonPhrase());
    }

    /**
     * The detail for a reason, in the request's language.
     *
     * @param reason the reason code
     * @param field the field at fault, or null
     * @param fallback the explanation to keep when the bundle lacks the reason
     * @return the detail
     */
    public static String detail(String reason, Object field, String fallback) {
        return Messages.find("problem." + reason, locale())
                .map(text -> field == null ? text : text + " (" + fieldName(field.toString()) + ")").orElse(fallback);
    }

    /**
     * A field's name in the request's language, or its code where the bundle has no words for it.
     *
     * @param field the field's code, such as {@code idNumber} or {@code frames[1]}
     * @return the words, such as {@code 身份证号码} or {@code 第 2 张动作画面}
     */
    static String fieldName(String field) {
        Matcher indexed = INDEXED.matcher(field);
        if (indexed.matches()) {
            long number = Long.parseLong(indexed.group(2)) + 1;
            return Messages.find("field." + indexed.group(1), locale(), number).orElse(field);
        }
        return Messages.find("field." + field, locale()).orElse(field);
    }

    /**
     * Puts a problem's title and detail into the request's language, keeping its own detail as
     * {@link #CAUSE} when that says more.
     *
     * @param problem the problem, with its {@code reason} (and any {@code field}) already set
     * @return the same problem
     */
    public static ProblemDetail localize(ProblemDetail problem) {
        Map<String, Object> members = problem.getProperties();
        Object reason = members == null ? null : members.get("reason");
        Object field = members == null ? null : members.get("field");
        String own = problem.getDetail();
        problem.setTitle(title(problem.getStatus()));
        if (reason != null) {
            String detail = detail(reason.toString(), field, own);
            if (own != null && !own.isBlank() && !Objects.equals(own, detail)) {
                problem.setProperty(CAUSE, own);
            }
            problem.setDetail(detail);
        }
        return problem;
    }

    private static Locale locale() {
        return Languages.current();
    }
}
