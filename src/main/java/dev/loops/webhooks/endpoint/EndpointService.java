package dev.loops.webhooks.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.contact.MailingListRepository;
import dev.loops.webhooks.endpoint.InvalidEndpointException.Problem;
import dev.loops.webhooks.platform.CatalogEntry;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.PersonLookup;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.platform.SignatureScheme;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Creates, edits and removes endpoints, with the rules every endpoint must follow: a platform of the catalog,
 * event types of that platform's catalog, a secret its signature scheme can use (or one the scheme issues).
 */
@Service
public class EndpointService {

    static final Duration MAX_PREVIOUS_SECRET_VALIDITY = Duration.ofDays(7);

    private static final Pattern TRIGGER_EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final EndpointRepository repository;
    private final EndpointDirectory directory;
    private final EventCatalog catalog;
    private final BeanFactory beans;
    private final MailingListRepository mailingLists;
    private final Clock clock;
    private final String defaultProvider;

    public EndpointService(EndpointRepository repository, EndpointDirectory directory, EventCatalog catalog,
                           BeanFactory beans, MailingListRepository mailingLists, Clock clock, LoopsProperties properties) {
        this.defaultProvider = properties.getDefaultProvider();
        this.repository = repository;
        this.directory = directory;
        this.catalog = catalog;
        this.beans = beans;
        this.mailingLists = mailingLists;
        this.clock = clock;
    }

    public List<WebhookEndpoint> list() {
        return repository.findAll();
    }

    public WebhookEndpoint get(String id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public WebhookEndpoint create(EndpointDraft draft) {
        return create(EndpointIds.generate(), draft, WebhookEndpoint.MANAGED_BY_API);
    }

    @Transactional
    public WebhookEndpoint create(String id, EndpointDraft draft, String managedBy) {
        OffsetDateTime now = now();
        String provider = draft.provider() == null ? defaultProvider : draft.provider();
        Map<String, EventSettings> events = draft.events() != null ? draft.events() : allSupportedTypes(provider);
        String secret = blankToNull(draft.signingSecret());
        if (secret == null) {
            secret = issuedSecret(provider);
        }
        WebhookEndpoint endpoint = new WebhookEndpoint(id, provider, draft.name(), secret,
                null, null, blankToNull(draft.userGroup()), events, blankToNull(draft.apiKey()),
                draft.enabled() == null || draft.enabled(), managedBy, now, now);
        validate(endpoint);
        repository.insert(endpoint);
        directory.invalidate(id);
        return endpoint;
    }

    /** Applies the fields present in {@code changes}; endpoints declared in configuration are read-only here. */
    @Transactional
    public WebhookEndpoint update(String id, EndpointDraft changes) {
        WebhookEndpoint current = get(id);
        if (current.isManagedByConfig()) {
            throw readOnly(id);
        }
        WebhookEndpoint updated = merge(current, changes, current.managedBy());
        validate(updated);
        repository.update(updated);
        directory.invalidate(id);
        return updated;
    }

    /** Replaces an endpoint declared in configuration with its current declaration. */
    @Transactional
    public WebhookEndpoint replaceDeclared(WebhookEndpoint current, EndpointDraft declared) {
        WebhookEndpoint updated = merge(current, declared, WebhookEndpoint.MANAGED_BY_CONFIG);
        validate(updated);
        repository.update(updated);
        directory.invalidate(current.id());
        return updated;
    }

    /**
     * Replaces the signing secret and keeps the current one valid for {@code previousValidFor}, so deliveries
     * signed with either verify while the platform rolls its secret. A platform whose scheme issues secrets gets a
     * new one when none is given.
     */
    @Transactional
    public WebhookEndpoint rotateSecret(String id, String newSecret, Duration previousValidFor) {
        WebhookEndpoint current = get(id);
        if (current.isManagedByConfig()) {
            throw readOnly(id);
        }
        if (previousValidFor.isNegative() || previousValidFor.compareTo(MAX_PREVIOUS_SECRET_VALIDITY) > 0) {
            throw new InvalidEndpointException("previousSecretValidForHours", "previousSecretValidForHours must be between 0 and "
                    + MAX_PREVIOUS_SECRET_VALIDITY.toHours());
        }
        String secret = blankToNull(newSecret);
        if (secret == null) {
            secret = issuedSecret(current.provider());
        }
        if (secret == null) {
            throw new InvalidEndpointException("signingSecret", "signingSecret is required: the new secret "
                    + label(current.provider()) + " shows");
        }
        OffsetDateTime now = now();
        boolean keepPrevious = current.signingSecret() != null && !previousValidFor.isZero();
        WebhookEndpoint rotated = new WebhookEndpoint(current.id(), current.provider(), current.name(), secret,
                keepPrevious ? current.signingSecret() : null, keepPrevious ? now.plus(previousValidFor) : null,
                current.userGroup(), current.events(), current.apiKey(), current.enabled(), current.managedBy(),
                current.createdAt(), now);
        validate(rotated);
        repository.update(rotated);
        directory.invalidate(id);
        return rotated;
    }

    @Transactional
    public void delete(String id) {
        WebhookEndpoint current = get(id);
        if (current.isManagedByConfig()) {
            throw readOnly(id);
        }
        repository.delete(id);
        directory.invalidate(id);
    }

    /** Every type of the platform's catalog, with the trigger events its file suggests. */
    public Map<String, EventSettings> suggestedEvents(String provider) {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        for (CatalogEntry entry : catalog.entries(provider)) {
            events.put(entry.type(), EventSettings.triggering(entry.suggestedTriggerEvent()));
        }
        return events;
    }

    /** The scheme's secret when the platform's scheme issues them (a shared secret header), else null. */
    public String issuedSecret(String provider) {
        return scheme(provider).filter(SignatureScheme::issuesSecrets).map(scheme -> scheme.issueSecret().value()).orElse(null);
    }

    /** The header a platform whose scheme issues secrets must send with the endpoint's secret, if it is one. */
    public Optional<String> secretHeaderName(String provider) {
        return scheme(provider).filter(SignatureScheme::issuesSecrets).map(scheme -> scheme.issueSecret().headerName());
    }

    private Map<String, EventSettings> allSupportedTypes(String provider) {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        catalog.types(provider).forEach(type -> events.put(type, EventSettings.SYNC_ONLY));
        return events;
    }

    private Optional<SignatureScheme> scheme(String provider) {
        return catalog.platform(provider).map(platform -> beans.getBean(platform.scheme(), SignatureScheme.class));
    }

    private String label(String provider) {
        return catalog.platform(provider).map(Platform::label).orElse(provider);
    }

    private WebhookEndpoint merge(WebhookEndpoint current, EndpointDraft changes, String managedBy) {
        return new WebhookEndpoint(
                current.id(),
                changes.provider() != null ? changes.provider() : current.provider(),
                changes.name() != null ? changes.name() : current.name(),
                changes.signingSecret() != null ? blankToNull(changes.signingSecret()) : current.signingSecret(),
                current.previousSigningSecret(),
                current.previousSecretExpiresAt(),
                changes.userGroup() != null ? blankToNull(changes.userGroup()) : current.userGroup(),
                changes.events() != null ? changes.events() : current.events(),
                changes.apiKey() != null ? blankToNull(changes.apiKey()) : current.apiKey(),
                changes.enabled() != null ? changes.enabled() : current.enabled(),
                managedBy,
                current.createdAt(),
                now());
    }

    private void validate(WebhookEndpoint endpoint) {
        List<Problem> problems = new ArrayList<>();
        if (!EndpointIds.isWellFormed(endpoint.id())) {
            problems.add(new Problem("id", "id must be 22 to 64 letters, digits, '_' or '-' (it is the secret part of the URL)"));
        }
        Optional<Platform> platform = catalog.platform(endpoint.provider());
        if (platform.isEmpty()) {
            problems.add(new Problem("provider", "provider '" + endpoint.provider() + "' is not supported; supported: "
                    + String.join(", ", catalog.platforms().stream().map(Platform::name).sorted().toList())));
        }
        if (endpoint.name() == null || endpoint.name().isBlank()) {
            problems.add(new Problem("name", "name is required"));
        } else if (endpoint.name().length() > 200) {
            problems.add(new Problem("name", "name must be at most 200 characters"));
        }
        if (platform.isPresent()) {
            SignatureScheme scheme = beans.getBean(platform.get().scheme(), SignatureScheme.class);
            if (endpoint.signingSecret() != null) {
                scheme.secretProblem(endpoint.signingSecret())
                        .ifPresent(problem -> problems.add(new Problem("signingSecret", problem)));
            }
            if (endpoint.apiKey() != null) {
                if (platform.get().lookup() == null) {
                    problems.add(new Problem("apiKey", "apiKey: " + platform.get().label() + " endpoints use no API key"));
                } else {
                    beans.getBean(platform.get().lookup(), PersonLookup.class).apiKeyProblem(endpoint.apiKey())
                            .ifPresent(problem -> problems.add(new Problem("apiKey", "apiKey " + problem)));
                }
            }
        }
        if (endpoint.userGroup() != null && endpoint.userGroup().length() > 200) {
            problems.add(new Problem("userGroup", "userGroup must be at most 200 characters"));
        }
        endpoint.events().forEach((type, settings) -> validate(endpoint.provider(), type, settings, problems));
        if (!problems.isEmpty()) {
            throw new InvalidEndpointException(problems);
        }
    }

    private void validate(String provider, String type, EventSettings settings, List<Problem> problems) {
        String where = "events." + type;
        Optional<CatalogEntry> entry = catalog.entry(provider, type);
        if (entry.isEmpty() && catalog.platform(provider).isPresent()) {
            problems.add(new Problem(where, "event type '" + type + "' is not supported; supported: "
                    + String.join(", ", catalog.types(provider))));
        }
        if (settings == null) {
            problems.add(new Problem(where, where + " must be an object, e.g. {} or {\"triggerEvent\": \"name\"}"));
            return;
        }
        if (settings.triggerEvent() != null && !TRIGGER_EVENT_NAME.matcher(settings.triggerEvent()).matches()) {
            problems.add(new Problem(where + ".triggerEvent",
                    where + ".triggerEvent must be 1 to 100 letters, digits, '_', '.', ':' or '-'"));
        }
        if (settings.userGroup() != null && settings.userGroup().length() > 200) {
            problems.add(new Problem(where + ".userGroup", where + ".userGroup must be at most 200 characters"));
        }
        if (settings.deletionAction() != null && entry.isPresent() && !entry.get().deletion()) {
            problems.add(new Problem(where + ".deletionAction", where + ".deletionAction applies only to deletion events ("
                    + String.join(", ", catalog.entries(provider).stream().filter(CatalogEntry::deletion)
                            .map(CatalogEntry::type).toList()) + ")"));
        }
        List<String> lists = settings.mailingListIds();
        Set<String> missing = new TreeSet<>(lists);
        missing.removeAll(mailingLists.existing(lists));
        if (!missing.isEmpty()) {
            problems.add(new Problem(where + ".mailingLists", where + ".mailingLists names lists that do not exist: "
                    + String.join(", ", missing) + " (create them with POST /api/mailing-lists)"));
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No endpoint with id " + id);
    }

    private static ResponseStatusException readOnly(String id) {
        return new ResponseStatusException(HttpStatus.CONFLICT,
                "Endpoint " + id + " is declared in the service's configuration (loops.endpoints); change it there");
    }
}
