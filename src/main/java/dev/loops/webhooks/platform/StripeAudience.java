package dev.loops.webhooks.platform;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.StripeCollection;
import com.stripe.param.CustomerListParams;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.importing.AudienceReadException;
import dev.loops.webhooks.importing.AudienceSource;
import org.springframework.stereotype.Component;

/**
 * Stripe's customers, for imports: the customers list (100 a page, oldest last, {@code starting_after} the last
 * customer applied), read with the endpoint's key through stripe-java, whose retries with backoff cover 429 and
 * 5xx. Each customer becomes the {@code customer.updated} event Stripe would send about it, so the customer family
 * of routes/platforms/stripe.yaml reads it.
 */
@Component("stripeAudience")
public class StripeAudience implements AudienceSource {

    static final int PAGE_SIZE = 100;
    private static final int NETWORK_RETRIES = 4;

    private final String apiBase;
    private final int timeoutMillis;
    private final ObjectMapper json;
    private final Clock clock;

    public StripeAudience(LoopsProperties properties, ObjectMapper json, Clock clock) {
        this.apiBase = properties.getStripe().getApiBase();
        this.timeoutMillis = (int) properties.getStripe().getApiTimeout().toMillis();
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Page page(String apiKey, String position) {
        StripeCollection<Customer> customers;
        try {
            customers = client(apiKey).v1().customers().list(CustomerListParams.builder()
                    .setLimit((long) PAGE_SIZE).setStartingAfter(position).build());
        } catch (AuthenticationException e) {
            throw new AudienceReadException("Stripe refused the endpoint's API key (status " + e.getStatusCode()
                    + "); give the endpoint a key that may read customers (apiKey)", false, e);
        } catch (StripeException e) {
            throw new AudienceReadException("Stripe's API could not list customers"
                    + (e.getStatusCode() == null ? " (no answer)" : " (status " + e.getStatusCode() + ")"), true, e);
        }
        // the list's own JSON, as Stripe sent it: each customer exactly as a webhook would carry it
        JsonNode page;
        try {
            page = json.readTree(customers.getLastResponse().body());
        } catch (JsonProcessingException e) {
            throw new AudienceReadException("Stripe's customers list was not JSON", true, e);
        }
        long now = clock.instant().getEpochSecond();
        List<User> users = new ArrayList<>();
        for (JsonNode customer : page.path("data")) {
            String id = customer.path("id").asText();
            ObjectNode event = json.createObjectNode()
                    .put("id", "import_" + id)
                    .put("object", "event")
                    .put("type", "customer.updated")
                    .put("created", now)
                    .put("livemode", customer.path("livemode").asBoolean(false));
            event.putObject("data").set("object", customer);
            users.add(new User(id, id, "customer.updated", event));
        }
        return new Page(users, !page.path("has_more").asBoolean(false) || users.isEmpty());
    }

    private StripeClient client(String apiKey) {
        return StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .build();
    }
}
