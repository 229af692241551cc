package dev.loops.webhooks.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A test event that was not sent, and why (its reason is written for the person who asked for it). */
public class TestEventRefusedException extends ResponseStatusException {

    public TestEventRefusedException(HttpStatus status, String reason) {
        super(status, reason);
    }
}
