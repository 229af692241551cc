package dev.loops.webhooks.event;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * A batch of outbox rows (seq, email, record, created_at) as the relay needs it: one Kafka message per row,
 * keyed by the contact's email, in outbox order, and the rows' sequence numbers to mark them published.
 */
@Component("outboxBatch")
public class OutboxBatch {

    /** The Kafka component sends a list of messages as separate records and waits for every acknowledgement. */
    public List<Message> kafkaMessages(Exchange exchange, List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Message message = new DefaultMessage(exchange);
            message.setHeader(KafkaConstants.KEY, row.get("email"));
            message.setBody(row.get("record"));
            return message;
        }).toList();
    }

    public List<Object> seqs(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("seq")).toList();
    }
}
