package dev.loops.webhooks.importing;

import java.time.OffsetDateTime;
import java.util.Map;

/** An import as {@code GET /api/endpoints/{id}/imports/{importId}} reports it. */
public record ImportView(String id, String endpointId, String state, boolean triggerEvents, int pagesRead,
                         int created, int updated, int unchanged, int skipped, Map<String, Integer> skipReasons,
                         int errors, String lastProblem, String error, OffsetDateTime startedAt,
                         OffsetDateTime finishedAt) {
}
