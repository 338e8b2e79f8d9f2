package org.alliance.ledger.service.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.alliance.ledger.service.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Renders the security filter's refusals as the same problem+json the API uses everywhere: 401
 * {@code UNAUTHENTICATED} when nobody signed in (or a bearer token is expired, forged or for
 * another audience), 403 {@code FORBIDDEN} when the person lacks the role. These happen before any
 * controller runs, so nothing is built, signed or written. The challenge follows the mode: Basic
 * for the configured users, Bearer (RFC 6750, with {@code error="invalid_token"} for a refused
 * token) for an identity provider; the body is the same in both, so clients read one shape. The
 * firewall's refusal of a path it will not match safely ({@code ..}, {@code //}, {@code ;}, an
 * encoded slash) is 400 {@code BAD_PATH}.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
    private static final String REALM = "realm=\"alliance\"";

    private final SecurityProperties.Mode mode;

    /**
     * Handlers for one mode.
     *
     * @param mode how people sign in, which decides the challenge
     */
    ProblemSecurityHandlers(SecurityProperties.Mode mode) {
        this.mode = mode;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (mode == SecurityProperties.Mode.USERS) {
            response.setHeader("WWW-Authenticate", "Basic " + REALM);
            write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "sign in to use this endpoint");
        } else if (e instanceof OAuth2AuthenticationException) {
            // The provider's error description is not echoed: it would tell a forger which check failed.
            response.setHeader("WWW-Authenticate", "Bearer " + REALM + ", error=\"invalid_token\"");
            write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "the bearer token is not valid (expired, not signed by the identity provider, or for another audience)");
        } else {
            response.setHeader("WWW-Authenticate", "Bearer " + REALM);
            write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "send the identity provider's token (Authorization: Bearer) to use this endpoint");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN", "your roles do not allow this action");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, "BAD_PATH",
                "the path is not in canonical form (no '..', '//', ';', encoded slash or control character)");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String reason, String detail) throws IOException {
        Problems.write(response, status.value(), reason, detail, request.getRequestURI());
    }
}
