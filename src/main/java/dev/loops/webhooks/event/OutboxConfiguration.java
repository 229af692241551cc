package dev.loops.webhooks.event;

import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration
public class OutboxConfiguration {

    /**
     * The relay's transaction holds its claimed rows while Kafka acknowledges them, which can take longer than
     * a webhook's transaction may: its own timeout, so a slow broker does not roll back a batch half sent.
     */
    @Bean("outboxTransaction")
    SpringTransactionPolicy outboxTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setTimeout(60);
        return new SpringTransactionPolicy(template);
    }
}
