package org.alliance.ledger.service.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.alliance.ledger.service.problem.Problems;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before security or any handler runs, two flaws of a request's envelope:
 *
 * <ul>
 *   <li>a query string that is not a clean list of {@code name=value} pairs: an empty name
 *       ({@code ?=x}), a broken percent escape ({@code %zz}, a lone {@code %}), bytes that are not
 *       UTF-8 ({@code %ff}) or a control character ({@code %00}) in a name or value: 400
 *       {@code BAD_QUERY}. Tomcat's parameter parser throws on the first three when a handler
 *       first asks for a parameter, which would otherwise surface as an internal error;
 *   <li>a form body ({@code application/x-www-form-urlencoded}) with the same flaws, as Tomcat's
 *       parser finds them: 400 {@code BAD_FORM}. Parsed here, before the security filters read
 *       the sign-in form, where the parser's exception would escape as a server error;
 *   <li>a JSON body declared in a charset other than UTF-8 ({@code application/json;
 *       charset=UTF-16}): 415 {@code UNSUPPORTED_CHARSET}. Evidence is hashed over its UTF-8
 *       bytes, so the API reads no other encoding.
 * </ul>
 */
public class StrictRequestFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String queryFlaw = queryFlaw(request.getQueryString());
        if (queryFlaw != null) {
            Problems.write(response, 400, "BAD_QUERY", "the query string cannot be read: " + queryFlaw,
                    request.getRequestURI());
            return;
        }
        if (isForm(request.getContentType())) {
            try {
                // Tomcat parses the body once and keeps the parameters, so nothing is read twice.
                request.getParameterMap();
            } catch (InvalidParameterException e) {
                Problems.write(response, 400, "BAD_FORM", "the form body cannot be read", request.getRequestURI());
                return;
            }
        }
        String charset = jsonCharset(request.getContentType());
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            Problems.write(response, 415, "UNSUPPORTED_CHARSET", "JSON is accepted in UTF-8 only", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * What is wrong with a raw query string.
     *
     * @param query the query string as sent (percent-encoded), or null
     * @return the flaw, or null when every pair reads cleanly
     */
    static String queryFlaw(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq == 0) {
                return "a parameter without a name";
            }
            String flaw = componentFlaw(eq < 0 ? pair : pair.substring(0, eq));
            if (flaw == null && eq > 0) {
                flaw = componentFlaw(pair.substring(eq + 1));
            }
            if (flaw != null) {
                return flaw;
            }
        }
        return null;
    }

    private static String componentFlaw(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return "a '%' not followed by two hexadecimal digits";
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7e) {
                return "a character that is not percent-encoded";
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        CharBuffer text = decodeUtf8(bytes.toByteArray());
        if (text == null) {
            return "bytes that are not UTF-8";
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return "a control character";
            }
        }
        return null;
    }

    /**
     * Whether bytes are well-formed UTF-8 (no overlong forms, no encoded surrogates).
     *
     * @param bytes the bytes
     * @return true if they decode strictly
     */
    static boolean isUtf8(byte[] bytes) {
        return decodeUtf8(bytes) != null;
    }

    private static CharBuffer decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The charset a JSON Content-Type declares.
     *
     * @param contentType the header, or null
     * @return the charset parameter without quotes, or null when the type is not JSON or declares none
     */
    static String jsonCharset(String contentType) {
        if (!isJson(contentType)) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String value = parameter.substring(eq + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /**
     * Whether a Content-Type is JSON ({@code application/json} or a {@code +json} type).
     *
     * @param contentType the header, or null
     * @return true for JSON
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }
}
