package dev.loops.webhooks.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.loops.webhooks.contact.MailingListRepository;
import dev.loops.webhooks.webhook.StripeEventTypes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** Creates, edits and removes endpoints, with the rules every endpoint must follow. */
@Service
public class EndpointService {

    public static final String STRIPE = "stripe";
    static final Duration MAX_PREVIOUS_SECRET_VALIDITY = Duration.ofDays(7);

    private static final Pattern TRIGGER_EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern STRIPE_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=_-]{8,490}");
    private static final Pattern STRIPE_API_KEY = Pattern.compile("(rk|sk)_(test|live)_[A-Za-z0-9]{10,490}");

    private final EndpointRepository repository;
    private final EndpointDirectory directory;
    private final StripeEventTypes stripeEventTypes;
    private final MailingListRepository mailingLists;
    private final Clock clock;

    public EndpointService(EndpointRepository repository, EndpointDirectory directory,
                           StripeEventTypes stripeEventTypes, MailingListRepository mailingLists, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.stripeEventTypes = stripeEventTypes;
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
        String provider = draft.provider() == null ? STRIPE : draft.provider();
        Map<String, EventSettings> events = draft.events() != null ? draft.events() : allSupportedTypes();
        WebhookEndpoint endpoint = new WebhookEndpoint(id, provider, draft.name(), blankToNull(draft.signingSecret()),
                null, null, blankToNull(draft.userGroup()), events, blankToNull(draft.stripeApiKey()),
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
     * Stripe signed with either verify while Stripe rolls its secret.
     */
    @Transactional
    public WebhookEndpoint rotateSecret(String id, String newSecret, Duration previousValidFor) {
        WebhookEndpoint current = get(id);
        if (current.isManagedByConfig()) {
            throw readOnly(id);
        }
        if (previousValidFor.isNegative() || previousValidFor.compareTo(MAX_PREVIOUS_SECRET_VALIDITY) > 0) {
            throw new InvalidEndpointException("previousSecretValidForHours must be between 0 and "
                    + MAX_PREVIOUS_SECRET_VALIDITY.toHours());
        }
        if (newSecret == null || newSecret.isBlank()) {
            throw new InvalidEndpointException("signingSecret is required: the new whsec_ secret Stripe shows");
        }
        OffsetDateTime now = now();
        boolean keepPrevious = current.signingSecret() != null && !previousValidFor.isZero();
        WebhookEndpoint rotated = new WebhookEndpoint(current.id(), current.provider(), current.name(), newSecret.trim(),
                keepPrevious ? current.signingSecret() : null, keepPrevious ? now.plus(previousValidFor) : null,
                current.userGroup(), current.events(), current.stripeApiKey(), current.enabled(), current.managedBy(),
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

    /** Every supported type, with the trigger event a hosted product would suggest. */
    public Map<String, EventSettings> suggestedEvents() {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        for (String type : stripeEventTypes.supported()) {
            events.put(type, EventSettings.triggering(stripeEventTypes.suggestedTriggerEvent(type)));
        }
        return events;
    }

    private Map<String, EventSettings> allSupportedTypes() {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        stripeEventTypes.supported().forEach(type -> events.put(type, EventSettings.SYNC_ONLY));
        return events;
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
                changes.stripeApiKey() != null ? blankToNull(changes.stripeApiKey()) : current.stripeApiKey(),
                changes.enabled() != null ? changes.enabled() : current.enabled(),
                managedBy,
                current.createdAt(),
                now());
    }

    private void validate(WebhookEndpoint endpoint) {
        List<String> problems = new ArrayList<>();
        if (!EndpointIds.isWellFormed(endpoint.id())) {
            problems.add("id must be 22 to 64 letters, digits, '_' or '-' (it is the secret part of the URL)");
        }
        if (!STRIPE.equals(endpoint.provider())) {
            problems.add("provider '" + endpoint.provider() + "' is not supported; supported: stripe");
        }
        if (endpoint.name() == null || endpoint.name().isBlank()) {
            problems.add("name is required");
        } else if (endpoint.name().length() > 200) {
            problems.add("name must be at most 200 characters");
        }
        if (endpoint.signingSecret() != null && !STRIPE_SECRET.matcher(endpoint.signingSecret()).matches()) {
            problems.add("signingSecret must be the endpoint's Stripe signing secret, starting with whsec_");
        }
        if (endpoint.stripeApiKey() != null && !STRIPE_API_KEY.matcher(endpoint.stripeApiKey()).matches()) {
            problems.add("stripeApiKey must be a Stripe API key (rk_... restricted read-only keys are recommended)");
        }
        if (endpoint.userGroup() != null && endpoint.userGroup().length() > 200) {
            problems.add("userGroup must be at most 200 characters");
        }
        endpoint.events().forEach((type, settings) -> validate(type, settings, problems));
        if (!problems.isEmpty()) {
            throw new InvalidEndpointException(String.join("; ", problems));
        }
    }

    private void validate(String type, EventSettings settings, List<String> problems) {
        String where = "events." + type;
        if (!stripeEventTypes.isSupported(type)) {
            problems.add("event type '" + type + "' is not supported; supported: "
                    + String.join(", ", stripeEventTypes.supported()));
        }
        if (settings == null) {
            problems.add(where + " must be an object, e.g. {} or {\"triggerEvent\": \"name\"}");
            return;
        }
        if (settings.triggerEvent() != null && !TRIGGER_EVENT_NAME.matcher(settings.triggerEvent()).matches()) {
            problems.add(where + ".triggerEvent must be 1 to 100 letters, digits, '_', '.', ':' or '-'");
        }
        if (settings.userGroup() != null && settings.userGroup().length() > 200) {
            problems.add(where + ".userGroup must be at most 200 characters");
        }
        if (settings.deletionAction() != null && !stripeEventTypes.isDeletion(type)) {
            problems.add(where + ".deletionAction applies only to deletion events (customer.deleted)");
        }
        List<String> lists = settings.mailingListIds();
        Set<String> missing = new TreeSet<>(lists);
        missing.removeAll(mailingLists.existing(lists));
        if (!missing.isEmpty()) {
            problems.add(where + ".mailingLists names lists that do not exist: " + String.join(", ", missing)
                    + " (create them with POST /api/mailing-lists)");
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
