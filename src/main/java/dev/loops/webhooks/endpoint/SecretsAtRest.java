package dev.loops.webhooks.endpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Once an encryption key is configured, encrypts the secrets that were stored before it was. */
@Component
@Order(0)
public class SecretsAtRest implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsAtRest.class);

    private final SecretCipher cipher;
    private final EndpointRepository repository;

    public SecretsAtRest(SecretCipher cipher, EndpointRepository repository) {
        this.cipher = cipher;
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!cipher.isEnabled()) {
            return;
        }
        for (String id : repository.idsWithPlainSecrets()) {
            repository.findById(id).ifPresent(repository::update);
            LOG.info("Encrypted the stored secrets of endpoint {}", EndpointIds.label(id));
        }
    }
}
