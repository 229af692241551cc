package dev.loops.webhooks.secret;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsAtRestConfiguration {

    /** Loaded, and checked against the database, before any bean can seal or open a secret. */
    @Bean
    EncryptionKey encryptionKey(LoopsProperties properties, StoredSecrets stored) {
        return new EncryptionKeySource(properties, stored).load();
    }
}
