package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.loops.webhooks.contact.EventValues;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.InvalidSignatureException;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.platform.SignatureScheme;
import dev.loops.webhooks.platform.SignedRequest;
import dev.loops.webhooks.platform.VerifiedSignature;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.stereotype.Component;

/**
 * The first steps of every platform's webhook route: find the endpoint, prove with the platform's signature scheme
 * that the exact bytes received came from the platform, and only then read them, first as JSON, then the envelope
 * the platform's route file points at (id, type, time).
 */
@Component("webhookIntake")
public class WebhookIntake {

    private static final byte[] NO_BYTES = new byte[0];
    /** An event time further ahead than this is taken as now: it would block every later update of the contact. */
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);
    private static final int TYPE_LENGTH = 100;

    private final EndpointDirectory endpoints;
    private final EventCatalog catalog;
    private final BeanFactory beans;
    private final Clock clock;
    private final ObjectReader eventReader;

    public WebhookIntake(EndpointDirectory endpoints, EventCatalog catalog, BeanFactory beans, Clock clock,
                         ObjectMapper json) {
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.beans = beans;
        this.clock = clock;
        this.eventReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Sets {@link Variables#DELIVERY} and {@link Variables#EVENT}; the body becomes the event's JSON. */
    public void verify(Exchange exchange, String platformName) {
        Instant now = clock.instant();
        Delivery delivery = Delivery.webhook(platformName, null, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        exchange.setVariable(Variables.DELIVERY, delivery);
        Message message = exchange.getMessage();
        Platform platform = catalog.platform(platformName).orElseThrow(WebhookRejectedException::unknownEndpoint);
        WebhookEndpoint endpoint = endpoints.findEnabled(platformName, message.getHeader("endpointId", String.class))
                .orElseThrow(WebhookRejectedException::unknownEndpoint);
        exchange.setVariable(Variables.DELIVERY, delivery.forEndpoint(endpoint.id()));

        byte[] body = Objects.requireNonNullElse(message.getBody(byte[].class), NO_BYTES);
        String payload = utf8(body, platform);
        List<String> secrets = endpoint.secretsValidAt(now);
        if (secrets.isEmpty()) {
            throw WebhookRejectedException.invalidSignature("This endpoint has no signing secret yet. Add the signing "
                    + "secret " + platform.label() + " shows for this webhook endpoint with PUT /api/endpoints/"
                    + endpoint.id() + " {\"signingSecret\": \"...\"}.");
        }
        VerifiedSignature signature;
        try {
            signature = scheme(platform).verify(new SignedRequest(name -> singleHeader(message, name), payload),
                    secrets, now);
        } catch (InvalidSignatureException e) {
            throw WebhookRejectedException.invalidSignature(e.getMessage());
        }
        exchange.setVariable(Variables.EVENT, VerifiedEvent.signed(endpoint, platformName, payload, signature.messageId()));
        // nothing after this reads the request's headers; once they are gone, none can stand in for a name the SQL
        // steps read from the variables (SqlParameters)
        message.removeHeaders("*");
        message.setBody(json(body, platform));
    }

    /** Completes {@link Variables#EVENT} from {@link Variables#ENVELOPE}, or refuses what is not the platform's event. */
    public void readEnvelope(Exchange exchange) {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        JsonNode envelope = exchange.getVariable(Variables.ENVELOPE, JsonNode.class);
        String label = catalog.platform(event.platform()).map(Platform::label).orElse(event.platform());
        JsonNode notAnEvent = envelope.path("notAnEvent");
        if (notAnEvent.isTextual()) {
            throw WebhookRejectedException.invalidPayload(notAnEvent.asText());
        }
        String type = text(envelope.path("type"));
        String id = envelope.path("id").isNull() || envelope.path("id").isMissingNode()
                ? (event.messageId() != null ? event.messageId() : digest(event.payload()))
                : text(envelope.path("id"));
        if (id == null || type == null || type.length() > TYPE_LENGTH) {
            throw WebhookRejectedException.invalidPayload("The JSON is not a " + label + " event: it has no id or no "
                    + "type (a string of at most " + TYPE_LENGTH + " characters).");
        }
        if (!EventValues.isStorableIdentifier(id) || !EventValues.isStorableIdentifier(type)) {
            throw WebhookRejectedException.invalidPayload("The event's id or type contains control characters or is "
                    + "longer than " + EventValues.IDENTIFIER_LENGTH + " characters, so it is not a " + label + " event.");
        }
        Instant now = clock.instant();
        exchange.setVariable(Variables.EVENT, event.withEnvelope(id, type,
                OffsetDateTime.ofInstant(occurredAt(envelope.path("occurredAt"), now), ZoneOffset.UTC)));
    }

    /**
     * When the event happened, for ordering updates of a contact: unix seconds (a fraction allowed) or an
     * ISO-8601 time, or now when it is not a plausible time (missing, before 1970, more than a day ahead).
     * The fraction is kept to the microsecond the database holds: events of one person a few milliseconds apart
     * (Clerk's user.created and user.updated) are otherwise the same second, and a late one would win.
     */
    static Instant occurredAt(JsonNode time, Instant now) {
        Instant latest = now.plus(MAX_CLOCK_AHEAD);
        Instant at = null;
        if (time.isNumber() && !(time.isFloatingPointNumber() && !Double.isFinite(time.doubleValue()))) {
            BigDecimal seconds = time.decimalValue();
            if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(latest.getEpochSecond())) <= 0) {
                long micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
                at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            }
        } else if (time.isTextual()) {
            try {
                at = OffsetDateTime.parse(time.asText()).toInstant().truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        return at == null || at.isBefore(Instant.EPOCH) || at.isAfter(latest) ? now : at;
    }

    /** A header a scheme reads; sent twice, it could say one thing to one check and another to the next. */
    private static String singleHeader(Message message, String name) {
        Object value = message.getHeader(name);
        if (value instanceof Collection<?> values && values.size() > 1) {
            throw new InvalidSignatureException("The " + name + " header was sent more than once; send it once.");
        }
        return message.getHeader(name, String.class);
    }

    private SignatureScheme scheme(Platform platform) {
        return beans.getBean(platform.scheme(), SignatureScheme.class);
    }

    private JsonNode json(byte[] body, Platform platform) {
        JsonNode event;
        try {
            event = eventReader.readTree(body);
        } catch (IOException e) {
            throw WebhookRejectedException.invalidPayload("The body is not valid JSON, so it is not a "
                    + platform.label() + " event.");
        }
        if (event == null || !event.isObject()) {
            throw WebhookRejectedException.invalidPayload("The body is not a JSON object, so it is not a "
                    + platform.label() + " event.");
        }
        return event;
    }

    /**
     * Platforms sign UTF-8 JSON and the schemes verify a String, so the bytes are decoded strictly: valid UTF-8
     * re-encodes to exactly the bytes received, and anything else cannot be the platform's event.
     */
    private static String utf8(byte[] body, Platform platform) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejectedException.invalidPayload("The body is not valid UTF-8, so it is not a "
                    + platform.label() + " event.");
        }
    }

    /** An event id for platforms that send none: the same call retried has the same body, so the same id. */
    private static String digest(String payload) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
