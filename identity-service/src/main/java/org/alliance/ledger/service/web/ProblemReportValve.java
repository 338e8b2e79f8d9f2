package org.alliance.ledger.service.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.alliance.ledger.service.problem.Problems;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report as problem+json. Tomcat answers some requests itself, before the
 * application sees them: a request target it cannot decode or normalise ({@code %2f}, {@code %5c},
 * {@code %00} or a non-UTF-8 {@code %ff} in the path), a request line or header larger than the
 * configured limit. Its stock valve writes an HTML page there; this one writes the API's problem
 * body with a {@code reason}, and never a stack trace or the server's version.
 */
public class ProblemReportValve extends ErrorReportValve {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemReportValve.class);
    /** Tomcat's message for a request head over the limit, in the locale Tomcat reports in. */
    private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As the stock valve: only an error status, only if nothing was written, and only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String reason;
        String detail;
        if (throwable instanceof IllegalArgumentException && HEADER_TOO_LARGE.equals(throwable.getMessage())) {
            reason = "HEADER_TOO_LARGE";
            detail = "the request line and headers are larger than the server reads";
        } else if (status == 400 && throwable == null && request.getContext() == null) {
            // Refused while decoding and normalising the path, before it was mapped to the application.
            reason = "BAD_PATH";
            detail = "the path cannot be decoded, or holds an encoded '/', '\\' or control character";
        } else {
            reason = Problems.reasonFor(status);
            detail = status >= 500 ? "internal error" : "the server refused the request";
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(status, reason, detail, null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response closed: there is nobody left to tell.
            LOG.debug("could not write the error report", e);
        }
    }
}
