package dev.loops.webhooks.endpoint;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** An endpoint definition that cannot be saved; the message lists every problem found. */
public class InvalidEndpointException extends ResponseStatusException {

    public InvalidEndpointException(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
