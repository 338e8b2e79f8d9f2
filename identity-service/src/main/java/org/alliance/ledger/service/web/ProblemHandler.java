package org.alliance.ledger.service.web;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every refusal into RFC 7807 problem+json with a {@code reason} member, so clients branch
 * on a stable code rather than on prose.
 */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * A refusal raised by the service.
     *
     * @param e the refusal
     * @return the problem
     */
    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.status(), e.reason(), e.getMessage(), e.properties());
    }

    /**
     * A file or request above the multipart limits.
     *
     * @param e the failure
     * @return 413 UPLOAD_TOO_LARGE
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "UPLOAD_TOO_LARGE",
                "the upload exceeds the size limit of a file or of the whole request", Map.of());
    }

    /**
     * A required form field or file that is absent.
     *
     * @param e the failure
     * @return 400 MISSING_FIELD
     */
    @ExceptionHandler({MissingServletRequestPartException.class, MissingServletRequestParameterException.class})
    public ResponseEntity<ProblemDetail> missing(Exception e) {
        String field = e instanceof MissingServletRequestPartException p ? p.getRequestPartName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        return problem(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "required field '" + field + "' is missing",
                Map.of("field", field));
    }

    /**
     * A multipart body that cannot be parsed.
     *
     * @param e the failure
     * @return 400 BAD_MULTIPART
     */
    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "BAD_MULTIPART", "the multipart body cannot be read", Map.of());
    }

    /**
     * A body of the wrong media type.
     *
     * @param e the failure
     * @return 415 UNSUPPORTED_MEDIA_TYPE
     */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "content type " + e.getContentType() + " is not accepted here", Map.of());
    }

    /**
     * A path parameter of the wrong form.
     *
     * @param e the failure
     * @return 400 BAD_FIELD
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "BAD_FIELD", "field '" + e.getName() + "' has the wrong form",
                Map.of("field", e.getName()));
    }

    /**
     * An unknown path.
     *
     * @param e the failure
     * @return 404 NOT_FOUND
     */
    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource", Map.of());
    }

    /**
     * A method the path does not support.
     *
     * @param e the failure
     * @return 405 METHOD_NOT_ALLOWED
     */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMessage(), Map.of());
    }

    /**
     * Anything unexpected: logged here, reported without internals.
     *
     * @param e the failure
     * @return 500 INTERNAL
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error", Map.of());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String reason, String detail,
            Map<String, Object> extra) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("reason", reason);
        extra.forEach(body::setProperty);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, status);
    }
}
