package org.alliance.ledger.service.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.alliance.ledger.service.problem.Problems;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page ({@code /error}) as problem+json, in place of Spring Boot's default JSON or HTML.
 * Errors reach it when something outside Spring MVC's handlers answers with {@code sendError} or
 * throws: a servlet filter, the container. The reason follows the status; the detail never carries
 * an exception's message or stack.
 */
@Controller
class ProblemErrorController implements ErrorController {
    /**
     * Renders the error of the request being dispatched.
     *
     * @param request the error dispatch
     * @param response the response
     * @throws IOException if the client is gone
     */
    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Asked for directly, not dispatched for an error: there is no such resource.
            Problems.write(response, 404, "NOT_FOUND", "no such resource", request.getRequestURI());
            return;
        }
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problems.write(response, status, Problems.reasonFor(status),
                status >= 500 ? "internal error" : "the request was refused",
                uri == null ? request.getRequestURI() : uri.toString());
    }
}
