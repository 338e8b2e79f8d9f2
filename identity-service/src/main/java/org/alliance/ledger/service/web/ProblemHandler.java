package org.alliance.ledger.service.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.problem.ProblemText;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every refusal into RFC 7807 problem+json with a machine-readable {@code reason}, so
 * clients branch on a stable code rather than on prose. Spring MVC's own exceptions keep their
 * standard status and get a reason here; the service's refusals are {@link ApiException}s. Titles
 * and details are in the request's language ({@link ProblemText}).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    /** The constraints that say a field is missing rather than wrong. */
    private static final Set<String> MISSING = Set.of("NotNull", "NotBlank", "NotEmpty");

    /**
     * A refusal raised by the service.
     *
     * @param e the refusal
     * @return the problem
     */
    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> api(ApiException e) {
        return problem(e.status(), e.reason(), e.getMessage(), e.properties());
    }

    /**
     * A refusal with an evidence-rule code, found by a check before writing or by a ledger query:
     * the rule's code is the reason ({@link RuleProblems} picks the status).
     *
     * @param e the refusal
     * @return the problem
     */
    @ExceptionHandler(RuleException.class)
    public ResponseEntity<Object> rule(RuleException e) {
        return api(RuleProblems.of(e));
    }

    /**
     * A multipart body that cannot be parsed (size limits are handled by the base class).
     *
     * @param e the failure
     * @return 400 BAD_MULTIPART
     */
    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<Object> badMultipart(MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException tooLarge) {
            return tooLarge(tooLarge);
        }
        return problem(HttpStatus.BAD_REQUEST, "BAD_MULTIPART", "the multipart body cannot be read", Map.of());
    }

    /**
     * A form body (or, past {@link StrictRequestFilter}, a query string) that Tomcat's parameter
     * parser cannot read: a pair without a name, a broken percent escape, bytes that are not UTF-8.
     *
     * @param e the parser's refusal
     * @return 400 BAD_FORM
     */
    @ExceptionHandler(InvalidParameterException.class)
    public ResponseEntity<Object> badParameters(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "BAD_FORM", "the request's parameters cannot be read", Map.of());
    }

    /**
     * Anything unexpected: logged here, reported without internals.
     *
     * @param e the failure
     * @return 500 INTERNAL
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error", Map.of());
    }

    /**
     * A request body that breaks its record's constraints: the first field at fault, in the order
     * the record declares them, as MISSING_FIELD (absent or blank) or BAD_FIELD.
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(firstInDeclarationOrder(ex.getBindingResult()));
    }

    /** A parameter (or body) that breaks a constraint declared on the handler method. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ParameterValidationResult first = ex.getParameterValidationResults().get(0);
        if (first instanceof ParameterErrors errors) {
            return invalid(firstInDeclarationOrder(errors));
        }
        MessageSourceResolvable error = first.getResolvableErrors().get(0);
        return invalid(new FieldError("request", first.getMethodParameter().getParameterName(), null, false,
                error.getCodes(), error.getArguments(), error.getDefaultMessage()));
    }

    private static FieldError firstInDeclarationOrder(Errors errors) {
        List<FieldError> all = new ArrayList<>(errors.getFieldErrors());
        Object target = errors instanceof BindingResult b ? b.getTarget()
                : errors instanceof ParameterErrors p ? p.getArgument() : null;
        if (target != null && target.getClass().isRecord()) {
            List<String> order = Arrays.stream(target.getClass().getRecordComponents()).map(RecordComponent::getName)
                    .toList();
            all.sort(Comparator.comparingInt(e -> order.indexOf(e.getField())));
        }
        return all.get(0);
    }

    private static ResponseEntity<Object> invalid(FieldError error) {
        String[] codes = error.getCodes();
        String constraint = codes == null || codes.length == 0 ? "" : codes[codes.length - 1];
        boolean missing = MISSING.contains(constraint);
        return problem(HttpStatus.BAD_REQUEST, missing ? "MISSING_FIELD" : "BAD_FIELD",
                error.getField() + " " + (missing ? "is required" : error.getDefaultMessage()),
                Map.of("field", error.getField()));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return tooLarge(ex);
    }

    /** Adds the reason (and the field, where one is known) to the problems Spring MVC builds. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        problem.setProperty("reason", reason(ex, statusCode));
        if (ex instanceof MissingServletRequestPartException p) {
            problem.setProperty("field", p.getRequestPartName());
        } else if (ex instanceof MissingServletRequestParameterException p) {
            problem.setProperty("field", p.getParameterName());
        } else if (ex instanceof TypeMismatchException t && t.getPropertyName() != null) {
            problem.setProperty("field", t.getPropertyName());
        } else if (jsonField(ex) != null) {
            problem.setProperty("field", jsonField(ex));
        }
        ProblemText.localize(problem);
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, out, statusCode);
    }

    private static String reason(Exception ex, HttpStatusCode status) {
        if (ex instanceof MissingServletRequestPartException || ex instanceof MissingServletRequestParameterException) {
            return "MISSING_FIELD";
        }
        if (ex instanceof TypeMismatchException) {
            return "BAD_FIELD";
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return "UNSUPPORTED_MEDIA_TYPE";
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return "NOT_ACCEPTABLE";
        }
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return "METHOD_NOT_ALLOWED";
        }
        if (ex instanceof HttpMessageNotReadableException) {
            return jsonField(ex) != null ? "BAD_FIELD" : "MALFORMED_JSON";
        }
        if (ex instanceof NoResourceFoundException) {
            return "NOT_FOUND";
        }
        return status.is4xxClientError() ? "BAD_REQUEST" : "INTERNAL";
    }

    /**
     * The member of a well-formed JSON body that could not be bound to the request type (a string
     * where a list belongs, say), as a dotted path; null when the body itself is at fault.
     */
    private static String jsonField(Exception ex) {
        if (!(ex instanceof HttpMessageNotReadableException) || !(ex.getCause() instanceof DatabindException d)
                || d.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : d.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<Object> tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "UPLOAD_TOO_LARGE",
                "the upload exceeds the size limit of a file (8 MB) or of the whole request (40 MB)", Map.of());
    }

    private static ResponseEntity<Object> problem(HttpStatusCode status, String reason, String detail,
            Map<String, Object> extra) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("reason", reason);
        extra.forEach(body::setProperty);
        ProblemText.localize(body);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, status);
    }
}
