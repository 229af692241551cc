package dev.loops.webhooks.endpoint;

import java.net.URI;
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

    public EndpointController(EndpointService endpoints, LoopsProperties properties) {
        this.endpoints = endpoints;
        this.properties = properties;
    }

    @PostMapping
    public ResponseEntity<EndpointView> create(@RequestBody EndpointDraft draft) {
        EndpointView created = view(endpoints.create(draft));
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

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        endpoints.delete(id);
        return ResponseEntity.noContent().build();
    }

    private EndpointView view(WebhookEndpoint endpoint) {
        return EndpointView.of(endpoint, properties.endpointUrl(endpoint.provider(), endpoint.id()));
    }
}
