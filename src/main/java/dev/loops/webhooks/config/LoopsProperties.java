package dev.loops.webhooks.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The service's own settings, under {@code loops.*} (environment variables {@code LOOPS_*}).
 */
@ConfigurationProperties("loops")
public class LoopsProperties {

    /** Bearer token of the admin API; when empty one is generated at first start and printed once. */
    private String adminToken = "";

    /** Base64 of 32 random bytes that seal stored signing secrets and API keys; when empty, the key file's key. */
    private String encryptionKey = "";

    /** Holds the key when {@code encryption-key} is empty; made at first start, relative to the working directory. */
    private String encryptionKeyFile = "data/secret.key";

    /** Base URL of the endpoint URLs shown to users, e.g. https://hooks.example.com. */
    private String publicUrl = "http://localhost:8080";

    /**
     * Requests with a body outside /webhooks (admin API writes, Jolokia, Hawtio's login) handled at once; more
     * get 503, so slow senders cannot take every request thread.
     */
    private int maxConcurrentRequestBodies = 16;

    private final Webhooks webhooks = new Webhooks();

    private final Kafka kafka = new Kafka();

    private final Stripe stripe = new Stripe();

    private final Retention retention = new Retention();

    /** The platform of endpoints created without one (and of the endpoint made at first start). */
    private String defaultProvider;

    /** Endpoints declared in configuration, for teams that keep configuration in git. */
    private List<DeclaredEndpoint> endpoints = new ArrayList<>();

    public String getAdminToken() { return adminToken; }
    public void setAdminToken(String adminToken) { this.adminToken = adminToken; }
    public String getEncryptionKey() { return encryptionKey; }
    public void setEncryptionKey(String encryptionKey) { this.encryptionKey = encryptionKey; }
    public String getEncryptionKeyFile() { return encryptionKeyFile; }
    public void setEncryptionKeyFile(String encryptionKeyFile) { this.encryptionKeyFile = encryptionKeyFile; }
    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String publicUrl) { this.publicUrl = publicUrl; }
    public int getMaxConcurrentRequestBodies() { return maxConcurrentRequestBodies; }
    public void setMaxConcurrentRequestBodies(int maxConcurrentRequestBodies) { this.maxConcurrentRequestBodies = maxConcurrentRequestBodies; }
    public Webhooks getWebhooks() { return webhooks; }
    public Kafka getKafka() { return kafka; }
    public Stripe getStripe() { return stripe; }
    public Retention getRetention() { return retention; }
    public String getDefaultProvider() { return defaultProvider; }
    public void setDefaultProvider(String defaultProvider) { this.defaultProvider = defaultProvider; }
    public List<DeclaredEndpoint> getEndpoints() { return endpoints; }
    public void setEndpoints(List<DeclaredEndpoint> endpoints) { this.endpoints = endpoints; }

    /** The URL a platform should post to for the given endpoint. */
    public String endpointUrl(String provider, String endpointId) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/webhooks/" + provider + "/" + endpointId;
    }

    public static class Webhooks {
        /** Largest request body accepted; larger ones get 413 before they are read. */
        private DataSize maxBodySize = DataSize.ofMegabytes(1);

        /**
         * How long a webhook's whole body may take to arrive, counted from its request head; a slower one is
         * answered 408 and its connection closed. Keep it below server.tomcat.connection-timeout.
         */
        private Duration bodyReadTimeout = Duration.ofSeconds(10);

        /**
         * Webhook bodies held in memory at once, while they arrive and until they are answered; past this a
         * webhook gets 503 + Retry-After, so many slow senders cannot exhaust the heap.
         */
        private DataSize bodyMemoryLimit = DataSize.ofMegabytes(64);

        /** How far a signature timestamp may be from now, in either direction. */
        private Duration signatureTolerance = Duration.ofSeconds(300);

        /** How long a webhook's database transaction may take before it is rolled back and answered 503. */
        private Duration transactionTimeout = Duration.ofSeconds(5);

        /** Rejected requests an endpoint's webhook log keeps one by one per minute; the rest are summarised. */
        private int rejectedLogPerMinute = 60;

        public DataSize getMaxBodySize() { return maxBodySize; }
        public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }
        public Duration getBodyReadTimeout() { return bodyReadTimeout; }
        public void setBodyReadTimeout(Duration bodyReadTimeout) { this.bodyReadTimeout = bodyReadTimeout; }
        public DataSize getBodyMemoryLimit() { return bodyMemoryLimit; }
        public void setBodyMemoryLimit(DataSize bodyMemoryLimit) { this.bodyMemoryLimit = bodyMemoryLimit; }
        public Duration getSignatureTolerance() { return signatureTolerance; }
        public void setSignatureTolerance(Duration signatureTolerance) { this.signatureTolerance = signatureTolerance; }
        public Duration getTransactionTimeout() { return transactionTimeout; }
        public void setTransactionTimeout(Duration transactionTimeout) { this.transactionTimeout = transactionTimeout; }
        public int getRejectedLogPerMinute() { return rejectedLogPerMinute; }
        public void setRejectedLogPerMinute(int rejectedLogPerMinute) { this.rejectedLogPerMinute = rejectedLogPerMinute; }
    }

    public static class Kafka {
        /** Kafka bootstrap servers; empty turns publishing off (trigger events stay listed by the API). */
        private String bootstrapServers = "";

        /** Topic trigger events are published to. */
        private String topic = "loops.events";

        public String getBootstrapServers() { return bootstrapServers; }
        public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
        public String getTopic() { return topic; }
        public void setTopic(String topic) { this.topic = topic; }
    }

    public static class Stripe {
        /** Where Stripe's API is; changed only to point tests at a local stand-in. */
        private String apiBase = "https://api.stripe.com";

        /** How long a customer look-up may take before the webhook is answered 503 for Stripe to retry. */
        private Duration apiTimeout = Duration.ofSeconds(5);

        public String getApiBase() { return apiBase; }
        public void setApiBase(String apiBase) { this.apiBase = apiBase; }
        public Duration getApiTimeout() { return apiTimeout; }
        public void setApiTimeout(Duration apiTimeout) { this.apiTimeout = apiTimeout; }
    }

    public static class Retention {
        /** Days the webhook log keeps a delivery. */
        private int webhookLogDays = 30;

        /** Days an event id is remembered, so a late redelivery is recognised as a duplicate. */
        private int dedupeDays = 30;

        public int getWebhookLogDays() { return webhookLogDays; }
        public void setWebhookLogDays(int webhookLogDays) { this.webhookLogDays = webhookLogDays; }
        public int getDedupeDays() { return dedupeDays; }
        public void setDedupeDays(int dedupeDays) { this.dedupeDays = dedupeDays; }
    }

    /** An endpoint as written in application.yaml. */
    public static class DeclaredEndpoint {
        private String id;
        private String provider;
        private String name;
        private String signingSecret;
        private String userGroup;
        private String apiKey;
        private boolean enabled = true;
        private List<DeclaredEvent> events = new ArrayList<>();

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getProvider() { return provider; }
        public void setProvider(String provider) { this.provider = provider; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getSigningSecret() { return signingSecret; }
        public void setSigningSecret(String signingSecret) { this.signingSecret = signingSecret; }
        public String getUserGroup() { return userGroup; }
        public void setUserGroup(String userGroup) { this.userGroup = userGroup; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        /** The name api-key had before there were other platforms than Stripe. */
        public void setStripeApiKey(String stripeApiKey) { this.apiKey = stripeApiKey; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<DeclaredEvent> getEvents() { return events; }
        public void setEvents(List<DeclaredEvent> events) { this.events = events; }
    }

    /** One event type an endpoint processes (a list entry, because event types contain dots). */
    public static class DeclaredEvent {
        private String type;
        private Boolean enabled;
        private String triggerEvent;
        private String userGroup;
        private Boolean syncNames;
        private String deletionAction;
        private List<String> mailingLists;
        private Boolean triggerWhenUnchanged;

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
        public String getTriggerEvent() { return triggerEvent; }
        public void setTriggerEvent(String triggerEvent) { this.triggerEvent = triggerEvent; }
        public String getUserGroup() { return userGroup; }
        public void setUserGroup(String userGroup) { this.userGroup = userGroup; }
        public Boolean getSyncNames() { return syncNames; }
        public void setSyncNames(Boolean syncNames) { this.syncNames = syncNames; }
        public String getDeletionAction() { return deletionAction; }
        public void setDeletionAction(String deletionAction) { this.deletionAction = deletionAction; }
        public List<String> getMailingLists() { return mailingLists; }
        public void setMailingLists(List<String> mailingLists) { this.mailingLists = mailingLists; }
        public Boolean getTriggerWhenUnchanged() { return triggerWhenUnchanged; }
        public void setTriggerWhenUnchanged(Boolean triggerWhenUnchanged) { this.triggerWhenUnchanged = triggerWhenUnchanged; }
    }
}
