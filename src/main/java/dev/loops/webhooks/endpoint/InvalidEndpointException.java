package dev.loops.webhooks.endpoint;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * An endpoint definition that cannot be saved. The message lists every problem found; each problem also names the
 * field it is about, so a form can show it next to that field.
 */
public class InvalidEndpointException extends ResponseStatusException {

    /**
     * One problem: the field as the admin API names it ({@code name}, {@code signingSecret},
     * {@code events.invoice.paid.triggerEvent}, ...; {@code null} when it is about no single field) and the
     * sentence that explains it, which starts with that name.
     */
    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public InvalidEndpointException(List<Problem> problems) {
        super(HttpStatus.BAD_REQUEST, String.join("; ", problems.stream().map(Problem::message).toList()));
        this.problems = List.copyOf(problems);
        // the admin API's problem detail lists them too, for tools that point at the field
        getBody().setProperty("errors", this.problems);
    }

    public InvalidEndpointException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
