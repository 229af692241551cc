package dev.loops.webhooks.importing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Imports of an endpoint's platform's existing users: {@code /api/endpoints/{id}/imports}. */
@RestController
@RequestMapping("/api/endpoints/{endpointId}/imports")
@Tag(name = "Imports", description = "The platform's existing users into the audience, through the same processing as a webhook")
public class ImportController {

    /** @param triggerEvents record the endpoint's trigger events for the imported users (default false) */
    public record ImportRequest(Boolean triggerEvents) {
    }

    private final AudienceImports imports;

    public ImportController(AudienceImports imports) {
        this.imports = imports;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Start an import; one per endpoint at a time (409 otherwise)")
    public ImportView start(@PathVariable String endpointId, @RequestBody(required = false) ImportRequest request) {
        return imports.start(endpointId, request != null && Boolean.TRUE.equals(request.triggerEvents()));
    }

    @GetMapping
    @Operation(summary = "The endpoint's imports, newest first")
    public List<ImportView> list(@PathVariable String endpointId) {
        return imports.list(endpointId);
    }

    @GetMapping("/{importId}")
    @Operation(summary = "One import: its state and counts")
    public ImportView get(@PathVariable String endpointId, @PathVariable String importId) {
        return imports.get(endpointId, importId);
    }
}
