package dev.loops.webhooks.endpoint;

import java.util.Optional;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.security.AdminToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On a service with no endpoint yet, creates an endpoint of loops.default-provider (Stripe) and shows its URL, the
 * way a hosted product says "paste this URL into Stripe". A generated admin token is shown here, once.
 */
@Component
@Order(2)
public class FirstStartSetup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStartSetup.class);

    private final EndpointRepository repository;
    private final EndpointService service;
    private final AdminToken adminToken;
    private final LoopsProperties properties;
    private final EventCatalog catalog;

    public FirstStartSetup(EndpointRepository repository, EndpointService service, AdminToken adminToken,
                           LoopsProperties properties, EventCatalog catalog) {
        this.catalog = catalog;
        this.repository = repository;
        this.service = service;
        this.adminToken = adminToken;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<WebhookEndpoint> created = Optional.empty();
        if (repository.isEmpty()) {
            String provider = properties.getDefaultProvider();
            created = Optional.of(service.create(new EndpointDraft(provider, catalog.platform(provider).map(Platform::label)
                    .orElse(provider), null, null, true, service.suggestedEvents(provider), null)));
        }
        Optional<String> generatedToken = adminToken.takeGeneratedToken();
        if (created.isEmpty() && generatedToken.isEmpty()) {
            return;
        }
        String token = generatedToken.orElse(adminToken.isConfigured() ? "<LOOPS_ADMIN_TOKEN>" : "<admin token>");
        StringBuilder banner = new StringBuilder("\n").append("=".repeat(78)).append('\n');
        String base = properties.getPublicUrl().replaceAll("/$", "");
        created.ifPresent(endpoint -> {
            Platform platform = catalog.platform(endpoint.provider()).orElseThrow();
            String url = properties.endpointUrl(endpoint.provider(), endpoint.id());
            banner.append(" Your ").append(platform.label()).append(" endpoint URL: paste it into ").append(platform.label())
                    .append(platform.setup() == null ? "" : " (" + platform.setup() + ")").append("\n")
                    .append("   ").append(url).append("\n\n")
                    .append(" Then open the endpoint in the console, log in with the admin token, paste the signing\n")
                    .append(" secret ").append(platform.label()).append(" shows and send a test event:\n")
                    .append("   ").append(base).append("/console/endpoints/").append(endpoint.id()).append("\n")
                    .append(" (or with the admin API: curl -X PUT ").append(base).append("/api/endpoints/").append(endpoint.id())
                    .append(" \\\n")
                    .append("     -H 'Authorization: Bearer ").append(token).append("' \\\n")
                    .append("     -H 'Content-Type: application/json' -d '{\"signingSecret\":\"whsec_...\"}')\n\n");
            LOG.info("Created {} endpoint {} at first start", platform.label(), EndpointIds.label(endpoint.id()));
        });
        if (created.isEmpty()) {
            banner.append(" The console: ").append(base).append("/console (log in with the admin token)\n\n");
        }
        generatedToken.ifPresent(value -> banner
                .append(" Admin token (shown only now; set LOOPS_ADMIN_TOKEN to choose your own):\n")
                .append("   ").append(value).append('\n'));
        banner.append("=".repeat(78)).append('\n');
        // printed, not logged: the token must not travel into log pipelines
        System.out.println(banner);
    }
}
