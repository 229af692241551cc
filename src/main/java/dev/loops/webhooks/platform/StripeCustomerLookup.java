package dev.loops.webhooks.platform;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/**
 * Finds a customer's email through Stripe's API, for events that carry only a customer ({@code identity}) or a
 * charge ({@code chargeId}, disputes). Used only when the endpoint has an API key (a restricted, read-only key is
 * enough: customers and charges, read). routes/platforms/stripe.yaml names it as Stripe's look-up.
 */
@Component("stripeCustomerLookup")
public class StripeCustomerLookup implements PersonLookup {

    /** What Stripe knows about the person behind a customer or charge. */
    record StripeCustomer(String email, String name, String customerId) {
    }

    private static final Pattern API_KEY = Pattern.compile("(rk|sk)_(test|live)_[A-Za-z0-9]{10,490}");

    private final String apiBase;
    private final int timeoutMillis;
    private final Map<String, StripeClient> clients = new ConcurrentHashMap<>();

    public StripeCustomerLookup(LoopsProperties properties) {
        this.apiBase = properties.getStripe().getApiBase();
        this.timeoutMillis = (int) properties.getStripe().getApiTimeout().toMillis();
    }

    @Override
    public Optional<String> apiKeyProblem(String apiKey) {
        return API_KEY.matcher(apiKey).matches() ? Optional.empty()
                : Optional.of("must be a Stripe API key (rk_... restricted read-only keys are recommended)");
    }

    @Override
    public Optional<FoundPerson> find(String apiKey, JsonNode person) {
        String customerId = text(person, "identity");
        String chargeId = text(person, "chargeId");
        Optional<StripeCustomer> found = customerId != null ? byCustomerId(apiKey, customerId)
                : chargeId != null ? byChargeId(apiKey, chargeId) : Optional.empty();
        return found.map(customer -> new FoundPerson(customer.email(), customer.name(), customer.customerId()));
    }

    /** The customer, or empty when Stripe has no such customer or it was deleted. */
    Optional<StripeCustomer> byCustomerId(String apiKey, String customerId) {
        try {
            Customer customer = client(apiKey).v1().customers().retrieve(customerId);
            if (Boolean.TRUE.equals(customer.getDeleted())) {
                return Optional.empty();
            }
            return Optional.of(new StripeCustomer(customer.getEmail(), customer.getName(), customer.getId()));
        } catch (InvalidRequestException e) {
            if (isNoSuchObject(e)) {
                return Optional.empty();
            }
            throw unavailable("customer " + customerId, e);
        } catch (StripeException e) {
            throw unavailable("customer " + customerId, e);
        }
    }

    /** Who paid a charge (for disputes): the billing email, else the charge's customer, else the receipt email. */
    Optional<StripeCustomer> byChargeId(String apiKey, String chargeId) {
        Charge charge;
        try {
            charge = client(apiKey).v1().charges().retrieve(chargeId);
        } catch (InvalidRequestException e) {
            if (isNoSuchObject(e)) {
                return Optional.empty();
            }
            throw unavailable("charge " + chargeId, e);
        } catch (StripeException e) {
            throw unavailable("charge " + chargeId, e);
        }
        String name = charge.getBillingDetails() == null ? null : charge.getBillingDetails().getName();
        String email = charge.getBillingDetails() == null ? null : charge.getBillingDetails().getEmail();
        if (email == null && charge.getCustomer() != null) {
            Optional<StripeCustomer> customer = byCustomerId(apiKey, charge.getCustomer());
            if (customer.isPresent() && customer.get().email() != null) {
                return Optional.of(new StripeCustomer(customer.get().email(),
                        name != null ? name : customer.get().name(), charge.getCustomer()));
            }
        }
        if (email == null) {
            email = charge.getReceiptEmail();
        }
        return Optional.of(new StripeCustomer(email, name, charge.getCustomer()));
    }

    private static String text(JsonNode person, String field) {
        JsonNode value = person == null ? null : person.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }

    private StripeClient client(String apiKey) {
        return clients.computeIfAbsent(apiKey, key -> StripeClient.builder()
                .setApiKey(key)
                .setApiBase(apiBase)
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                .setMaxNetworkRetries(1)
                .build());
    }

    /**
     * Stripe answers 404 for an id it does not know, and 400 for one that cannot be an id: both say something
     * about the event's content, which a retry will not change.
     */
    private static boolean isNoSuchObject(InvalidRequestException e) {
        return e.getStatusCode() != null && (e.getStatusCode() == 404 || e.getStatusCode() == 400);
    }

    private static PlatformUnavailableException unavailable(String what, StripeException e) {
        String reason;
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            reason = "Stripe refused the endpoint's API key when reading " + what
                    + "; give the endpoint a key that may read customers and charges (apiKey)";
        } else if (e instanceof ApiConnectionException) {
            reason = "Stripe's API could not be reached to read " + what;
        } else {
            reason = "Stripe's API could not answer for " + what + " (status " + e.getStatusCode() + ")";
        }
        return new PlatformUnavailableException(reason + ". Nothing was written; please retry.", e);
    }
}
