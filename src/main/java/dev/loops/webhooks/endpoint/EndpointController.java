package dev.loops.webhooks.endpoint;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/endpoints")
public class EndpointController {

    private final EndpointService endpoints;
    private final LoopsProperties properties;
    private final Clock clock;

    public EndpointController(EndpointService endpoints, LoopsProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code previousSecretValidForHours}: how long deliveries signed with the old secret still verify (default 24). */
    public record SecretRotation(String signingSecret, Integer previousSecretValidForHours) {
    }

    @PostMapping
    public ResponseEntity<EndpointView> create(@RequestBody EndpointDraft draft) {
        EndpointView created = withIssuedSecret(endpoints.create(draft));
        return ResponseEntity.created(URI.create("/api/endpoints/" + created.id())).body(created);
    }

    @GetMapping
    public List<EndpointView> list() {
        return endpoints.list().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    public EndpointView get(@PathVariable String id) {
        return view(endpoints.get(id));
    }

    @PutMapping("/{id}")
    public EndpointView update(@PathVariable String id, @RequestBody EndpointDraft changes) {
        return view(endpoints.update(id, changes));
    }

    @PostMapping("/{id}/rotate-secret")
    public EndpointView rotateSecret(@PathVariable String id, @RequestBody SecretRotation rotation) {
        int hours = rotation.previousSecretValidForHours() == null ? 24 : rotation.previousSecretValidForHours();
        return withIssuedSecret(endpoints.rotateSecret(id, rotation.signingSecret(), Duration.ofHours(hours)));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        endpoints.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** The view, with the secret header once when the endpoint's platform sends one the service issued. */
    private EndpointView withIssuedSecret(WebhookEndpoint endpoint) {
        EndpointView view = view(endpoint);
        return endpoints.secretHeaderName(endpoint.provider())
                .map(header -> view.withSecretHeader(header, endpoint.signingSecret()))
                .orElse(view);
    }

    private EndpointView view(WebhookEndpoint endpoint) {
        return EndpointView.of(endpoint, properties.endpointUrl(endpoint.provider(), endpoint.id()), OffsetDateTime.now(clock));
    }
}
