package dev.loops.webhooks.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.loops.webhooks.config.LoopsProperties;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * Jolokia's access policy, {@code jolokia-access.xml}, with the service's own origin filled in. Jolokia's policy
 * files take no placeholders and the origin is configuration ({@code loops.public-url}), so the policy is read
 * here; Jolokia's Spring Boot support hands a {@link Restrictor} bean to its servlet, which serves both
 * {@code /actuator/jolokia} and Hawtio's {@code /actuator/hawtio/jolokia} (a forward to it).
 */
@Configuration
class JolokiaAccessPolicy {

    private static final String POLICY = "jolokia-access.xml";
    private static final String ORIGIN = "${service.origin}";

    @Bean
    Restrictor jolokiaRestrictor(LoopsProperties loops) throws IOException {
        String policy = new ClassPathResource(POLICY).getContentAsString(StandardCharsets.UTF_8)
                .replace(ORIGIN, originOf(loops.getPublicUrl()));
        return new PolicyRestrictor(new ByteArrayInputStream(policy.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What a browser names as {@code Origin} on pages under the public URL: scheme, host and, unless it is the
     * scheme's default, port; no path.
     */
    static String originOf(String publicUrl) {
        URI url;
        try {
            url = URI.create(publicUrl.trim());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalStateException("loops.public-url must be an http or https URL such as "
                    + "https://hooks.example.com, not '" + publicUrl + "'");
        }
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
