package dev.loops.webhooks.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.endpoint.EndpointIds;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.JqExpressions;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.webhook.Delivery;
import dev.loops.webhooks.webhook.DeliveryResult;
import dev.loops.webhooks.webhook.ImportItem;
import dev.loops.webhooks.webhook.Outcome;
import dev.loops.webhooks.webhook.Variables;
import dev.loops.webhooks.webhook.VerifiedEvent;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Imports of a platform's existing users into the audience. Each user goes through the same processing as a live
 * webhook (direct:apply-event: the same rules, dedupe, webhook log and outbox), in its own transaction, which also
 * moves the import's position past it (sql/record-import-progress.sql); no transaction is open while the
 * platform's API is read. An import whose instance stopped (a restart, a crash) is taken over once its lease
 * passes and resumes after the last user applied.
 */
@Service
public class AudienceImports {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceImports.class);
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final int READ_ATTEMPTS = 5;
    private static final int LOG_EVERY_PAGES = 10;
    private static final String COLUMNS = "SELECT id, endpoint_id, state, trigger_events, pages_read, created, updated, "
            + "unchanged, skipped_no_email, skipped_other, errors, last_problem, error, started_at, finished_at "
            + "FROM audience_import ";

    private final JdbcClient jdbc;
    private final EndpointService endpoints;
    private final EventCatalog catalog;
    private final BeanFactory beans;
    private final JqExpressions jq;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "audience-import");
        thread.setDaemon(true);
        return thread;
    });

    public AudienceImports(JdbcClient jdbc, EndpointService endpoints, EventCatalog catalog, BeanFactory beans,
                           JqExpressions jq, ProducerTemplate camel, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.beans = beans;
        this.jq = jq;
        this.camel = camel;
        this.json = json;
        this.clock = clock;
    }

    /** Starts an import of the endpoint's platform's users; 409 when one runs or the endpoint cannot import. */
    public ImportView start(String endpointId, boolean triggerEvents) {
        WebhookEndpoint endpoint = endpoints.get(endpointId);
        Platform platform = catalog.platform(endpoint.provider()).orElseThrow(() -> conflict("The endpoint's platform '"
                + endpoint.provider() + "' is not loaded"));
        if (platform.audience() == null) {
            throw conflict(platform.label() + "'s route file names no way to import its users (audience)");
        }
        if (endpoint.apiKey() == null) {
            throw conflict("The endpoint has no API key to read " + platform.label() + "'s users with; set apiKey with "
                    + "PUT /api/endpoints/" + endpoint.id() + " first");
        }
        String id = "imp_" + UUID.randomUUID().toString().replace("-", "");
        try {
            jdbc.sql("""
                            INSERT INTO audience_import (id, endpoint_id, provider, state, running_endpoint_id,
                                                         trigger_events, started_at, lease_until)
                            VALUES (:id, :endpoint, :provider, 'running', :endpoint, :triggers, :now, :lease)""")
                    .param("id", id).param("endpoint", endpoint.id()).param("provider", endpoint.provider())
                    .param("triggers", triggerEvents).param("now", now()).param("lease", now().plus(LEASE))
                    .update();
        } catch (DuplicateKeyException e) {
            throw conflict("An import of this endpoint is already running; wait for it to end");
        }
        runner.execute(() -> run(id));
        return get(endpoint.id(), id);
    }

    public ImportView get(String endpointId, String importId) {
        return jdbc.sql(COLUMNS + "WHERE id = :id AND endpoint_id = :endpoint").param("id", importId)
                .param("endpoint", endpointId).query(this::view).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No import " + importId
                        + " of endpoint " + endpointId));
    }

    public List<ImportView> list(String endpointId) {
        endpoints.get(endpointId);
        return jdbc.sql(COLUMNS + "WHERE endpoint_id = :endpoint ORDER BY started_at DESC")
                .param("endpoint", endpointId).query(this::view).list();
    }

    /** Imports left running by an instance that stopped: taken over once their lease has passed. */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${loops.imports.takeover-check-ms:30000}", initialDelay = 30000)
    public void resumeAbandoned() {
        List<String> abandoned = jdbc.sql("SELECT id FROM audience_import WHERE state = 'running' AND lease_until < :now")
                .param("now", now()).query(String.class).list();
        for (String id : abandoned) {
            if (takeOver(id)) {
                LOG.info("Resuming import {}", id);
                runner.execute(() -> run(id));
            }
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    void run(String id) {
        Map<String, Object> row = jdbc.sql("SELECT endpoint_id, position, trigger_events FROM audience_import WHERE id = :id")
                .param("id", id).query().singleRow();
        String endpointId = (String) row.get("endpoint_id");
        boolean triggerEvents = Boolean.TRUE.equals(row.get("trigger_events"));
        String position = (String) row.get("position");
        try {
            WebhookEndpoint endpoint = endpoints.get(endpointId);
            Platform platform = catalog.platform(endpoint.provider()).orElseThrow();
            AudienceSource source = beans.getBean(platform.audience(), AudienceSource.class);
            for (int pages = 1; !Thread.currentThread().isInterrupted(); pages++) {
                AudienceSource.Page page = read(source, endpoints.get(endpointId).apiKey(), position);
                for (AudienceSource.User user : page.users()) {
                    apply(endpoint, platform, new ImportItem(id, user.position(), triggerEvents), user);
                    position = user.position();
                }
                jdbc.sql("UPDATE audience_import SET pages_read = pages_read + 1, lease_until = :lease WHERE id = :id")
                        .param("lease", now().plus(LEASE)).param("id", id).update();
                if (pages % LOG_EVERY_PAGES == 0) {
                    LOG.info("Import {} of endpoint {}: {} pages read", id, EndpointIds.label(endpointId), pages);
                }
                if (page.last()) {
                    finish(id, "completed", null);
                    LOG.info("Import {} of endpoint {} completed", id, EndpointIds.label(endpointId));
                    return;
                }
            }
        } catch (AudienceReadException e) {
            LOG.warn("Import {} of endpoint {} failed: {}", id, EndpointIds.label(endpointId), e.getMessage());
            finish(id, "failed", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Import {} of endpoint {} failed", id, EndpointIds.label(endpointId), e);
            finish(id, "failed", "The import failed (" + e.getClass().getSimpleName() + "); start it again to resume");
        }
    }

    /** A page, tried again with backoff while the platform is away or asks to slow down. */
    private static AudienceSource.Page read(AudienceSource source, String apiKey, String position) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return source.page(apiKey, position);
            } catch (AudienceReadException e) {
                if (!e.retryable() || attempt == READ_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(500L << attempt);
            }
        }
    }

    /** One user through the live path; while the database is away, the same user again once it is back. */
    private void apply(WebhookEndpoint endpoint, Platform platform, ImportItem item, AudienceSource.User user)
            throws InterruptedException {
        String payload = write(user);
        for (int attempt = 1; ; attempt++) {
            OffsetDateTime now = now();
            Exchange done = camel.send("direct:apply-event", exchange -> {
                exchange.setVariable(Variables.DELIVERY, new Delivery(platform.name(), endpoint.id(), now, null, Delivery.IMPORT));
                // the time it was read: what the platform says of the user now is newer than anything sent before
                exchange.setVariable(Variables.EVENT, VerifiedEvent.signed(endpoint, platform.name(), payload, null)
                        .withEnvelope(item.importId() + ":" + user.id(), user.type(), now));
                exchange.setVariable(Variables.STORED_PAYLOAD, platform.stored() == null ? null : jq.evaluate(platform.stored(), user.event()));
                exchange.setVariable(Variables.IMPORT_ITEM, item);
                exchange.getMessage().setBody(user.event());
            });
            DeliveryResult result = done.getVariable(Variables.RESULT, DeliveryResult.class);
            if (result == null || result.outcome() != Outcome.UNAVAILABLE || attempt == READ_ATTEMPTS) {
                return;
            }
            Thread.sleep(1000L << attempt);
        }
    }

    private String write(AudienceSource.User user) {
        try {
            return json.writeValueAsString(user.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }

    /** The lease of an abandoned import, unless another instance took it first. */
    private boolean takeOver(String id) {
        return jdbc.sql("UPDATE audience_import SET lease_until = :lease WHERE id = :id AND state = 'running' AND lease_until < :now")
                .param("lease", now().plus(LEASE)).param("id", id).param("now", now()).update() == 1;
    }

    private void finish(String id, String state, String error) {
        jdbc.sql("""
                        UPDATE audience_import SET state = :state, error = :error, finished_at = :now,
                               running_endpoint_id = NULL, lease_until = NULL
                        WHERE id = :id""")
                .param("state", state).param("error", error).param("now", now()).param("id", id).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private ImportView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        if (rs.getInt("skipped_no_email") > 0) {
            reasons.put("no email address", rs.getInt("skipped_no_email"));
        }
        if (rs.getInt("skipped_other") > 0) {
            reasons.put("other (see lastProblem and the webhook log)", rs.getInt("skipped_other"));
        }
        return new ImportView(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("state"),
                rs.getBoolean("trigger_events"), rs.getInt("pages_read"), rs.getInt("created"), rs.getInt("updated"),
                rs.getInt("unchanged"), rs.getInt("skipped_no_email") + rs.getInt("skipped_other"), reasons,
                rs.getInt("errors"), rs.getString("last_problem"), rs.getString("error"),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    private static ResponseStatusException conflict(String message) {
        return new ResponseStatusException(HttpStatus.CONFLICT, message);
    }
}
