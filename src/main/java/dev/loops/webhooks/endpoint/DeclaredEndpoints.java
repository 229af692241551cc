package dev.loops.webhooks.endpoint;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.config.LoopsProperties.DeclaredEndpoint;
import dev.loops.webhooks.config.LoopsProperties.DeclaredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the endpoint table match {@code loops.endpoints} at start-up: declared endpoints are created or
 * updated, and endpoints that were declared before but no longer are removed. They are read-only
 * through the admin API, so the configuration in git stays the truth.
 */
@Component
@Order(1)
public class DeclaredEndpoints implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredEndpoints.class);

    private final LoopsProperties properties;
    private final EndpointRepository repository;
    private final EndpointService service;

    public DeclaredEndpoints(LoopsProperties properties, EndpointRepository repository, EndpointService service) {
        this.properties = properties;
        this.repository = repository;
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<DeclaredEndpoint> declared = properties.getEndpoints();
        Set<String> declaredIds = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            DeclaredEndpoint endpoint = declared.get(i);
            String where = "loops.endpoints[" + i + "]";
            if (!EndpointIds.isWellFormed(endpoint.getId())) {
                throw new IllegalStateException(where + ".id must be 22 to 64 letters, digits, '_' or '-'; it is "
                        + "the secret part of the URL, so make it random: openssl rand -base64 24 | tr '+/' '-_'");
            }
            if (!declaredIds.add(endpoint.getId())) {
                throw new IllegalStateException(where + ".id is declared twice");
            }
            try {
                apply(endpoint, where);
            } catch (InvalidEndpointException e) {
                throw new IllegalStateException(where + ": " + e.getReason(), e);
            }
        }
        for (WebhookEndpoint stale : repository.findManagedBy(WebhookEndpoint.MANAGED_BY_CONFIG)) {
            if (!declaredIds.contains(stale.id())) {
                repository.delete(stale.id());
                LOG.info("Removed endpoint {} ({}): no longer declared in loops.endpoints", EndpointIds.label(stale.id()), stale.name());
            }
        }
    }

    private void apply(DeclaredEndpoint declared, String where) {
        EndpointDraft draft = new EndpointDraft(declared.getProvider(), declared.getName(), declared.getSigningSecret(),
                declared.getUserGroup(), declared.isEnabled(), events(declared.getEvents(), where),
                declared.getApiKey());
        var existing = repository.findById(declared.getId());
        if (existing.isEmpty()) {
            service.create(declared.getId(), draft, WebhookEndpoint.MANAGED_BY_CONFIG);
            LOG.info("Created endpoint {} ({}) from loops.endpoints", EndpointIds.label(declared.getId()), declared.getName());
        } else if (existing.get().isManagedByConfig()) {
            service.replaceDeclared(existing.get(), draft);
        } else {
            throw new IllegalStateException(where + ".id belongs to an endpoint created through the admin API; "
                    + "declare a new id or delete that endpoint first");
        }
    }

    private static Map<String, EventSettings> events(List<DeclaredEvent> declared, String where) {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        for (DeclaredEvent event : declared) {
            EventSettings settings;
            try {
                settings = new EventSettings(event.getEnabled(), event.getTriggerEvent(), event.getUserGroup(),
                        event.getSyncNames(), event.getDeletionAction() == null ? null : DeletionAction.of(event.getDeletionAction()),
                        event.getMailingLists(), event.getTriggerWhenUnchanged());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ".events[" + event.getType() + "]: " + e.getMessage(), e);
            }
            if (event.getType() == null || events.put(event.getType(), settings) != null) {
                throw new IllegalStateException(where + ".events: each entry needs a type, and each type may appear once");
            }
        }
        return events;
    }
}
