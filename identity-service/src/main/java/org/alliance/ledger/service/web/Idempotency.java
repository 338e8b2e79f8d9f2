package org.alliance.ledger.service.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.security.Actor;
import org.alliance.ledger.service.storage.Timestamps;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Writes that may be repeated safely. A request to an {@link Idempotent} handler with an
 * {@code Idempotency-Key} header runs once per key and person: the handler runs inside a
 * transaction that also stores its successful response, so the response is kept exactly when the
 * write (its outbox entry) is; a repeat with the same key by the same person and the same request
 * gets that response again, marked {@value #REPLAYED}, and writes nothing. A key reused for a
 * different request is refused (422 {@code IDEMPOTENCY_KEY_REUSED}), so a client bug cannot
 * silently return the wrong case. A refused write (any status outside 2xx) is rolled back and
 * nothing is stored, so the key may be used again.
 *
 * <p>"The same request" is the method, the path, the parameters (query and form fields) and the
 * body: a JSON body in its canonical form (member order and spacing do not matter), a multipart
 * body by each file part's name and SHA-256.
 *
 * <p>The write paths' locks ({@link SerialWrites}) are held until this transaction ends, so the
 * next write of the same kind sees this one's outbox entry when it is judged.
 */
@Component
public class Idempotency extends OncePerRequestFilter {
    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The response header set on a replayed response. */
    public static final String REPLAYED = "Idempotent-Replayed";
    /** What a key may be: 1 to 128 printable ASCII characters. */
    public static final String KEY_PATTERN = "[\\x21-\\x7e]{1,128}";
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationContext context;

    /**
     * Creates the filter.
     *
     * @param jdbc the database
     * @param tx transactions
     * @param clock the clock
     * @param context where the handler mapping and the problem rendering are found once the web
     *     layer is up (this filter is created before them)
     */
    public Idempotency(JdbcClient jdbc, TransactionTemplate tx, Clock clock, ApplicationContext context) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.context = context;
    }

    /** A stored response. */
    private record Stored(String hash, int status, String body) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null || !"POST".equals(request.getMethod()) || !idempotent(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (!KEY.matcher(key).matches()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "Idempotency-Key must be 1 to 128 printable "
                        + "ASCII characters", Map.of("field", HEADER));
            }
            String principal = Actor.current().name();
            BufferedRequest buffered = BufferedRequest.of(request);
            String hash = Hex.encode(HashAlgorithm.SHA256.digest(describe(buffered).getBytes(StandardCharsets.UTF_8)));
            Optional<Stored> earlier = find(key, principal, hash);
            if (earlier.isPresent()) {
                replay(earlier.get(), response);
                return;
            }
            runOnce(buffered, response, chain, key, principal, hash);
        } catch (ApiException e) {
            problem(request, response, e);
        }
    }

    /**
     * Runs the handler in a transaction that keeps its response with its write, or replays a
     * concurrent winner's: one that stored its response first (the insert collides), or one whose
     * write made this one's fail (a second forward of the same case is out of order once the first
     * is in), which is found once this one has waited for the write path's lock.
     */
    private void runOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key,
            String principal, String hash) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            tx.executeWithoutResult(status -> {
                try {
                    chain.doFilter(request, captured);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (!succeeded(captured)) {
                    status.setRollbackOnly();
                    return;
                }
                jdbc.sql("insert into idempotency (idem_key, principal, request_hash, status, response_json, created_at) "
                                + "values (?, ?, ?, ?, ?, ?)")
                        .params(key, principal, hash, captured.getStatus(),
                                new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8),
                                Timestamps.of(clock.instant()))
                        .update();
            });
        } catch (DuplicateKeyException e) {
            replay(find(key, principal, hash).orElseThrow(() -> e), response);
            return;
        }
        if (!succeeded(captured)) {
            Optional<Stored> winner = find(key, principal, hash);
            if (winner.isPresent()) {
                replay(winner.get(), response);
                return;
            }
        }
        captured.copyBodyToResponse();
    }

    private Optional<Stored> find(String key, String principal, String hash) {
        return jdbc.sql("select request_hash, status, response_json from idempotency where principal = ? and idem_key = ?")
                .params(principal, key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3))).optional()
                .map(s -> {
                    if (!s.hash().equals(hash)) {
                        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used for a different request");
                    }
                    return s;
                });
    }

    private static boolean succeeded(HttpServletResponse response) {
        return response.getStatus() >= 200 && response.getStatus() <= 299;
    }

    /** Answers with a stored response, in place of anything the handler may have set. */
    private static void replay(Stored stored, HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(stored.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(REPLAYED, "true");
        byte[] body = stored.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether the request goes to a handler marked {@link Idempotent}. */
    private boolean idempotent(HttpServletRequest request) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain handler = mapping.getHandler(request);
            return handler != null && handler.getHandler() instanceof HandlerMethod method
                    && method.hasMethodAnnotation(Idempotent.class);
        } catch (Exception e) {
            // No handler takes it (wrong media type, say): the dispatcher answers that as usual.
            return false;
        } finally {
            ServletRequestPathUtils.setParsedRequestPath(previous instanceof RequestPath p
                    ? p : null, request);
        }
    }

    /** Renders a refusal the way the handlers' refusals are rendered. */
    private void problem(HttpServletRequest request, HttpServletResponse response, ApiException e)
            throws ServletException {
        HandlerExceptionResolver resolver = context.getBean("handlerExceptionResolver", HandlerExceptionResolver.class);
        if (resolver.resolveException(request, response, null, e) == null) {
            throw new ServletException(e);
        }
    }

    /**
     * What identifies a request for its key: method, path, parameters, and the JSON body in canonical
     * form or each uploaded file's hash.
     */
    private static String describe(BufferedRequest request) throws IOException {
        StringBuilder out = new StringBuilder(request.getMethod()).append(' ').append(request.getRequestURI());
        new TreeMap<>(request.getParameterMap()).forEach((name, values) ->
                out.append('\n').append(name).append('=').append(String.join("\u0000", values)));
        if (request.json()) {
            out.append('\n').append(canonical(request.body()));
        } else if (request.multipart()) {
            List<String> files = new ArrayList<>();
            for (Part part : parts(request)) {
                if (part.getSubmittedFileName() != null) {
                    files.add(part.getName() + " " + sha256(part));
                }
            }
            files.stream().sorted().forEach(f -> out.append('\n').append(f));
        }
        return out.toString();
    }

    private static List<Part> parts(HttpServletRequest request) throws IOException {
        try {
            return List.copyOf(request.getParts());
        } catch (ServletException | IllegalStateException e) {
            // The handler's own reading of the body reports this with its problem.
            return List.of();
        }
    }

    /** A JSON body in canonical form; a body that is not JSON as it is (the handler refuses it). */
    private static String canonical(byte[] body) {
        try {
            return CanonicalJson.canonicalString(StrictJson.parseTree(body, StrictJsonBodies.MAX_BODY_BYTES));
        } catch (RuntimeException e) {
            return Hex.encode(HashAlgorithm.SHA256.digest(body));
        }
    }

    private static String sha256(Part part) throws IOException {
        MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Hex.encode(digest.digest());
    }

    /**
     * A request whose JSON body has been read (up to one byte past the limit the API reads) so it
     * can be described and still be read by the handler.
     */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        private BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        static BufferedRequest of(HttpServletRequest request) throws IOException {
            boolean json = StrictRequestFilter.isJson(request.getContentType());
            byte[] body = json ? request.getInputStream().readNBytes(StrictJsonBodies.MAX_BODY_BYTES + 1) : null;
            return new BufferedRequest(request, body);
        }

        boolean json() {
            return body != null;
        }

        boolean multipart() {
            String type = getContentType();
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        }

        byte[] body() {
            return body;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                return super.getInputStream();
            }
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (body == null) {
                return super.getReader();
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
