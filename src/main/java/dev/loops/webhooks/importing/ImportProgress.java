package dev.loops.webhooks.importing;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.webhook.DeliveryResult;
import dev.loops.webhooks.webhook.ImportItem;
import dev.loops.webhooks.webhook.Outcome;
import dev.loops.webhooks.webhook.Variables;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The parameters of {@code sql/record-import-progress.sql}: what one imported user's delivery did. */
@Component("importProgress")
public class ImportProgress {

    public Map<String, Object> of(Exchange exchange) {
        ImportItem item = exchange.getVariable(Variables.IMPORT_ITEM, ImportItem.class);
        DeliveryResult result = exchange.getVariable(Variables.RESULT, DeliveryResult.class);
        String action = exchange.getVariable(Variables.CONTACT_ACTION, String.class);
        boolean processed = result.outcome() == Outcome.PROCESSED;
        boolean ignored = result.outcome() == Outcome.IGNORED;
        boolean noEmail = ignored && !hasEmail(exchange.getVariable(Variables.PERSON, JsonNode.class));
        boolean failed = !processed && !ignored && result.outcome() != Outcome.DUPLICATE;
        Map<String, Object> row = new HashMap<>();
        row.put("importId", item.importId());
        row.put("position", item.position());
        row.put("created", processed && "created".equals(action) ? 1 : 0);
        row.put("updated", processed && action != null && !"created".equals(action) && !"unchanged".equals(action) ? 1 : 0);
        row.put("unchanged", processed && "unchanged".equals(action) ? 1 : 0);
        row.put("skippedNoEmail", noEmail ? 1 : 0);
        row.put("skippedOther", ignored && !noEmail ? 1 : 0);
        row.put("errors", failed ? 1 : 0);
        row.put("problem", ignored && !noEmail || failed ? result.message() : null);
        return row;
    }

    private static boolean hasEmail(JsonNode person) {
        JsonNode email = person == null ? null : person.get("email");
        return email != null && email.isTextual() && !email.asText().isBlank();
    }
}
