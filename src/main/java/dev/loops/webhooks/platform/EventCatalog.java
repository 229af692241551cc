package dev.loops.webhooks.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The platforms and their event types, as their route files declare them: every route made from the
 * {@code platform-webhook} template (it names a {@code scheme}) is a platform, every one made from
 * {@code event-family} (it names {@code types}) a family of its event types. Read from Camel's routes, so a platform file edited and reloaded (or loaded from a folder at
 * start) changes the catalog without a rebuild.
 */
@Component("eventCatalog")
public class EventCatalog {

    private record Snapshot(Map<String, Platform> platforms, Map<String, Map<String, CatalogEntry>> types) {
    }

    private final ObjectProvider<CamelContext> camel;
    private volatile Snapshot snapshot;
    private boolean watching;
    /** Counts route changes, so a reading taken while routes changed is not kept as the catalog. */
    private final AtomicLong generation = new AtomicLong();

    public EventCatalog(ObjectProvider<CamelContext> camel) {
        this.camel = camel;
    }

    public Optional<Platform> platform(String name) {
        return Optional.ofNullable(name == null ? null : current().platforms().get(name));
    }

    public Collection<Platform> platforms() {
        return current().platforms().values();
    }

    /** The catalog entry of a platform's event type, if the platform supports the type. */
    public Optional<CatalogEntry> entry(String platform, String type) {
        Map<String, CatalogEntry> types = current().types().get(platform);
        return Optional.ofNullable(types == null || type == null ? null : types.get(type));
    }

    /** The platform's types, in the order its file lists them. */
    public List<String> types(String platform) {
        return List.copyOf(current().types().getOrDefault(platform, Map.of()).keySet());
    }

    public List<CatalogEntry> entries(String platform) {
        return List.copyOf(current().types().getOrDefault(platform, Map.of()).values());
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        while (current == null) {
            CamelContext context = camel.getObject();
            synchronized (this) {
                if (!watching) {
                    RoutesChanged notifier = new RoutesChanged();
                    context.getManagementStrategy().addEventNotifier(notifier);
                    ServiceHelper.startService(notifier);
                    watching = true;
                }
            }
            long readingGeneration = generation.get();
            try {
                current = read(context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class));
            } catch (ConcurrentModificationException reloading) {
                // a platform file is being swapped in while we read the routes: read them again
                Thread.onSpinWait();
                continue;
            }
            synchronized (this) {
                // routes changed while we read: keep the reading for this call only, read afresh on the next
                if (generation.get() == readingGeneration) {
                    snapshot = current;
                }
            }
        }
        return current;
    }

    static Snapshot read(ModelCamelContext model) {
        Map<String, Platform> platforms = new LinkedHashMap<>();
        Map<String, Map<String, CatalogEntry>> types = new LinkedHashMap<>();
        List<RouteDefinition> families = new ArrayList<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (!route.isCreatedFromTemplate()) {
                continue;
            }
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters.containsKey("scheme")) {
                Platform platform = new Platform(text(parameters, "platform"), text(parameters, "label"),
                        text(parameters, "source"), text(parameters, "scheme"), text(parameters, "identity"),
                        text(parameters, "lookup"), text(parameters, "noEmailHint"), text(parameters, "setup"),
                        text(parameters, "sampleIdPrefix"), text(parameters, "stored"), text(parameters, "audience"));
                platforms.put(platform.name(), platform);
            } else if (parameters.containsKey("types")) {
                families.add(route);
            }
        }
        for (RouteDefinition family : families) {
            Map<String, Object> parameters = family.getTemplateParameters();
            String platform = text(parameters, "platform");
            String route = "direct:" + platform + "-" + text(parameters, "family");
            Set<String> deletions = words(parameters, "deletions");
            Set<String> onlyWhenChanged = words(parameters, "onlyWhenChanged");
            Map<String, String> suggested = pairs(parameters, "suggestedTriggerEvents");
            Map<String, CatalogEntry> entries = types.computeIfAbsent(platform, name -> new LinkedHashMap<>());
            for (String type : words(parameters, "types")) {
                entries.put(type, new CatalogEntry(platform, type, route, deletions.contains(type), suggested.get(type),
                        onlyWhenChanged.contains(type), sample(parameters)));
            }
        }
        return new Snapshot(Map.copyOf(platforms), types);
    }

    private static String text(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** The family's sample jq; the template's default "null" means it has none. */
    private static String sample(Map<String, Object> parameters) {
        String sample = text(parameters, "sample");
        return sample == null || sample.equals("null") ? null : sample;
    }

    private static Set<String> words(Map<String, Object> parameters, String name) {
        String text = text(parameters, name);
        return text == null ? Set.of() : new LinkedHashSet<>(List.of(text.split("[\\s,]+")));
    }

    /** "invoice.paid=successfulPayment invoice.payment_failed=failedPayment" */
    private static Map<String, String> pairs(Map<String, Object> parameters, String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : words(parameters, name)) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                pairs.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return pairs;
    }

    /** A platform file reloaded in development replaces its routes: read the catalog again on the next use. */
    private final class RoutesChanged extends EventNotifierSupport {
        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.RouteAddedEvent || event instanceof CamelEvent.RouteRemovedEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            generation.incrementAndGet();
            snapshot = null;
        }
    }
}
