package dev.loops.webhooks.endpoint;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import dev.loops.webhooks.config.LoopsProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Endpoints", description = "The URLs the platforms send webhooks to, and what each does with each event type")
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
    public record SecretRotation(
            @Schema(description = "The new secret, as the platform shows it; leave it out for a platform whose scheme "
                    + "issues secrets (Supabase) to get a new one", writeOnly = true)
            String signingSecret,
            @Schema(description = "How long deliveries signed with the previous secret still verify, 0 to 168", defaultValue = "24")
            Integer previousSecretValidForHours) {
    }

    private static final String READ_ONLY = "The endpoint is declared in the service's configuration (loops.endpoints): "
            + "change it there";

    @Operation(operationId = "createEndpoint", summary = "Create an endpoint", description = """
            Fields left out take defaults: the service's default provider, every event type of the platform's catalog \
            (contacts kept in sync, no trigger event), enabled. The answer holds the URL to give the platform; for a \
            platform that signs nothing (Supabase), the secret header it must send, in this answer only.""")
    @ApiResponse(responseCode = "201", description = "Created; `Location` is its address in this API")
    @ApiResponse(responseCode = "400", description = "The endpoint cannot be saved: the detail lists every problem "
            + "(a provider or event type not in the catalog, a secret the platform's scheme cannot use, a mailing list "
            + "that does not exist, a field the API does not know, ...)")
    @PostMapping
    public ResponseEntity<EndpointView> create(@RequestBody EndpointDraft draft) {
        EndpointView created = withIssuedSecret(endpoints.create(draft));
        return ResponseEntity.created(URI.create("/api/endpoints/" + created.id())).body(created);
    }

    @Operation(operationId = "listEndpoints", summary = "List the endpoints",
            description = "Signing secrets and API keys never leave the service: only a hint of each.")
    @GetMapping
    public List<EndpointView> list() {
        return endpoints.list().stream().map(this::view).toList();
    }

    @Operation(operationId = "getEndpoint", summary = "Get an endpoint")
    @GetMapping("/{id}")
    public EndpointView get(@PathVariable String id) {
        return view(endpoints.get(id));
    }

    @Operation(operationId = "updateEndpoint", summary = "Change an endpoint", description = """
            Fields left out (or null) keep their value; `events`, when given, replaces every event type's settings. \
            A blank `signingSecret`, `userGroup` or `apiKey` removes it.""")
    @ApiResponse(responseCode = "200", description = "Changed")
    @ApiResponse(responseCode = "400", description = "The endpoint cannot be saved: the detail lists every problem")
    @ApiResponse(responseCode = "409", description = READ_ONLY)
    @PutMapping("/{id}")
    public EndpointView update(@PathVariable String id, @RequestBody EndpointDraft changes) {
        return view(endpoints.update(id, changes));
    }

    @Operation(operationId = "rotateEndpointSecret", summary = "Rotate an endpoint's signing secret", description = """
            The new secret verifies deliveries from now on, and the previous one still does for \
            `previousSecretValidForHours`, so no delivery fails while the platform rolls its secret. A platform whose \
            scheme issues secrets (Supabase) gets a new one when none is given, in this answer only.""")
    @ApiResponse(responseCode = "200", description = "Rotated")
    @ApiResponse(responseCode = "400", description = "No secret for a platform that does not issue them, one its scheme "
            + "cannot use, or a validity outside 0 to 168 hours")
    @ApiResponse(responseCode = "409", description = READ_ONLY)
    @PostMapping("/{id}/rotate-secret")
    public EndpointView rotateSecret(@PathVariable String id, @RequestBody SecretRotation rotation) {
        int hours = rotation.previousSecretValidForHours() == null ? 24 : rotation.previousSecretValidForHours();
        return withIssuedSecret(endpoints.rotateSecret(id, rotation.signingSecret(), Duration.ofHours(hours)));
    }

    @Operation(operationId = "deleteEndpoint", summary = "Delete an endpoint",
            description = "Its URL answers 404 from then on.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = READ_ONLY)
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
