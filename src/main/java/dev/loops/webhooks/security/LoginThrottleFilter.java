package dev.loops.webhooks.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link FailedLoginThrottle} to every request that tries to log in as the admin: an {@code Authorization}
 * header (Bearer or Basic), or a POST to a login form. A locked-out client gets 429 with {@code Retry-After}
 * before its credentials are looked at. A refusal is what every way in answers for wrong credentials (401;
 * Hawtio's form: 403); anything else with credentials is a success.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final FailedLoginThrottle throttle;
    private final Set<String> loginForms;
    private final ObjectMapper json;

    LoginThrottleFilter(FailedLoginThrottle throttle, Set<String> loginForms, ObjectMapper json) {
        this.throttle = throttle;
        this.loginForms = loginForms;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null && !isLoginForm(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        Optional<Duration> lockedOut = throttle.lockedOutFor(client);
        if (lockedOut.isPresent()) {
            tooManyFailures(request, response, lockedOut.get());
            return;
        }
        RecordingResponse recording = new RecordingResponse(response, isLoginForm(request), () -> throttle.failed(client));
        chain.doFilter(request, recording);
        if (!recording.refused() && response.getStatus() < 400) {
            throttle.succeeded(client);
        }
    }

    /**
     * Counts the failure the moment the refusal's status is set, before the answer can reach the client: counted
     * after the chain, a client quick enough could send its next guess before its last one was counted.
     */
    private static final class RecordingResponse extends HttpServletResponseWrapper {

        private final boolean loginForm;
        private final Runnable failed;
        private boolean refused;

        RecordingResponse(HttpServletResponse response, boolean loginForm, Runnable failed) {
            super(response);
            this.loginForm = loginForm;
            this.failed = failed;
        }

        @Override
        public void setStatus(int status) {
            record(status);
            super.setStatus(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            record(status);
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            record(status);
            super.sendError(status, message);
        }

        boolean refused() {
            return refused;
        }

        /** A wrong credential is answered 401 by every way in, and 403 by Hawtio's login form. */
        private void record(int status) {
            boolean refusal = status == HttpStatus.UNAUTHORIZED.value() || (loginForm && status == HttpStatus.FORBIDDEN.value());
            if (refusal && !refused) {
                refused = true;
                failed.run();
            }
        }
    }


    private boolean isLoginForm(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && loginForms.contains(request.getRequestURI());
    }

    private void tooManyFailures(HttpServletRequest request, HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (isLoginForm(request) && request.getRequestURI().startsWith("/console/")) {
            // a person at the console's login form: a page, not JSON
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
            response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><title>Too many failed logins</title></head>"
                    + "<body><h1>Too many failed logins</h1><p>Too many failed logins from this address. Try again in "
                    + seconds + " seconds.</p><p><a href=\"/console/login\">Back to the login</a></p></body></html>");
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed logins from this address. Try again in " + seconds + " seconds.");
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
