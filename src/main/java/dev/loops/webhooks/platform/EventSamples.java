package dev.loops.webhooks.platform;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Makes the sample event of a catalog entry: its family's {@code sample} jq (in the platform's route file) over
 * {@code {type, id, email, time, isoTime, uuid}}. Evaluated by {@link JqExpressions}, as the routes'
 * jq is.
 */
@Component("eventSamples")
public class EventSamples {

    /** Supabase's form of a timestamp column: microseconds and an explicit offset. */
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final JqExpressions jq;
    private final ObjectMapper json;

    public EventSamples(JqExpressions jq, ObjectMapper json) {
        this.jq = jq;
        this.json = json;
    }

    /**
     * The sample event of the entry's type, about {@code email}, with event id {@code id}, at {@code time}.
     *
     * @throws IllegalArgumentException when the entry's family has no sample, or its jq makes no JSON object
     */
    public JsonNode sample(CatalogEntry entry, String id, String email, Instant time) {
        if (entry.sample() == null) {
            throw new IllegalArgumentException("The " + entry.platform() + " route file has no sample for "
                    + entry.type() + " (its event-family has no sample parameter)");
        }
        ObjectNode input = json.createObjectNode()
                .put("type", entry.type())
                .put("id", id)
                .put("email", email)
                .put("time", time.getEpochSecond())
                .put("isoTime", ISO_TIME.format(time.atOffset(ZoneOffset.UTC)))
                .put("uuid", UUID.randomUUID().toString());
        JsonNode sample;
        try {
            sample = jq.evaluate(entry.sample(), input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The sample of " + entry.platform() + " " + entry.type()
                    + " failed: " + e.getMessage(), e);
        }
        if (sample == null || !sample.isObject()) {
            throw new IllegalArgumentException("The sample of " + entry.platform() + " " + entry.type()
                    + " makes no JSON object");
        }
        return sample;
    }
}
