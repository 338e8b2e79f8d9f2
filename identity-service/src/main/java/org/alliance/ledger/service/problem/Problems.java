package org.alliance.ledger.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * Problem+json written straight to the servlet response, for refusals that happen where no Spring
 * MVC handler runs: a servlet filter, the error page, Tomcat's own error report. The body has the
 * members {@code ProblemHandler} produces, so a client reads one shape whoever refused; its words are
 * in the request's language ({@link ProblemText}).
 */
public final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /**
     * The reason for a status when nothing more specific is known.
     *
     * @param status the HTTP status
     * @return the reason code
     */
    public static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "CONTENT_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 431 -> "HEADER_TOO_LARGE";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
        };
    }

    /**
     * The problem document.
     *
     * @param status the HTTP status
     * @param reason the machine-readable reason
     * @param detail an explanation for people
     * @param instance the request path, or null
     * @return the JSON text
     */
    public static String json(int status, String reason, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", ProblemText.title(status));
        body.put("status", status);
        String localized = ProblemText.detail(reason, null, detail);
        body.put("detail", localized);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("reason", reason);
        if (detail != null && !detail.equals(localized)) {
            body.put(ProblemText.CAUSE, detail);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers with a problem; the response must not be committed yet.
     *
     * @param response the response
     * @param status the HTTP status
     * @param reason the machine-readable reason
     * @param detail an explanation for people
     * @param instance the request path, or null
     * @throws IOException if the client is gone
     */
    public static void write(HttpServletResponse response, int status, String reason, String detail, String instance)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, reason, detail, instance));
        response.flushBuffer();
    }
}
