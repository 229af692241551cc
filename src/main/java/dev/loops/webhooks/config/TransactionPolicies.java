package dev.loops.webhooks.config;

import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two kinds of transaction the routes run, referenced by name from their {@code transacted} steps (an
 * unnamed {@code transacted} would pick whichever policy bean it finds).
 */
@Configuration
public class TransactionPolicies {

    /** A webhook's transaction: a locked table or a slow disk turns into 503 after this, not a hung request. */
    @Bean("webhookTransaction")
    SpringTransactionPolicy webhookTransaction(PlatformTransactionManager transactions, LoopsProperties properties) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setTimeout((int) properties.getWebhooks().getTransactionTimeout().toSeconds());
        return new SpringTransactionPolicy(template);
    }

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
