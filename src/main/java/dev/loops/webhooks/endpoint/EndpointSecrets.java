package dev.loops.webhooks.endpoint;

import java.util.List;

import dev.loops.webhooks.secret.SecretColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The endpoint columns that hold secrets; a new one (a platform's API key) is added here and sealed in the repository. */
@Configuration(proxyBeanMethods = false)
class EndpointSecrets {

    @Bean
    SecretColumns endpointSecretColumns() {
        return new SecretColumns("webhook_endpoint", "id",
                List.of("signing_secret", "previous_signing_secret", "api_key"));
    }
}
