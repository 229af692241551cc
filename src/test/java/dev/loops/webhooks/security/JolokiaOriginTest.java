package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loops.webhooks.config.LoopsProperties;
import org.jolokia.server.core.service.api.Restrictor;
import org.junit.jupiter.api.Test;

/** The origin Jolokia lets in is the one a browser sends on the service's pages under loops.public-url. */
class JolokiaOriginTest {

    @Test
    void behindATlsProxyThePublicHttpsOriginIsLetInAndNoOther() throws Exception {
        LoopsProperties loops = new LoopsProperties();
        loops.setPublicUrl("https://hooks.example.com/");

        Restrictor policy = new JolokiaAccessPolicy().jolokiaRestrictor(loops);

        // strict checking: every request is checked, not only cross-origin ones
        assertThat(policy.isOriginAllowed("https://hooks.example.com", true)).isTrue();
        assertThat(policy.isOriginAllowed("https://hooks.example.com/", true)).as("Hawtio's Referer").isTrue();
        assertThat(policy.isOriginAllowed("https://hooks.example.com/actuator/hawtio/camel", true)).isTrue();
        assertThat(policy.isOriginAllowed("https://hooks.example.com.evil.example", true)).isFalse();
        assertThat(policy.isOriginAllowed("https://evil.example/https://hooks.example.com/", true)).isFalse();
        assertThat(policy.isOriginAllowed("http://localhost:8080", true)).isFalse();
        assertThat(policy.isOriginAllowed("null", true)).isFalse();
        assertThat(policy.isOriginAllowed(null, true)).as("no Origin and no Referer").isFalse();
        // the proxy ends TLS: the browser's Origin is https, the request that reaches the service http
        assertThat(policy.ignoreScheme()).isTrue();
    }

    @Test
    void theOriginIsSchemeHostAndPortWithoutPath() {
        assertThat(JolokiaAccessPolicy.originOf("http://localhost:8080")).isEqualTo("http://localhost:8080");
        assertThat(JolokiaAccessPolicy.originOf("https://Hooks.Example.com/webhooks/")).isEqualTo("https://hooks.example.com");
        assertThat(JolokiaAccessPolicy.originOf("HTTPS://hooks.example.com:8443/")).isEqualTo("https://hooks.example.com:8443");
        assertThat(JolokiaAccessPolicy.originOf("http://[::1]:8080")).isEqualTo("http://[::1]:8080");
    }

    @Test
    void aBrowserLeavesOutTheDefaultPort() {
        assertThat(JolokiaAccessPolicy.originOf("https://hooks.example.com:443/")).isEqualTo("https://hooks.example.com");
        assertThat(JolokiaAccessPolicy.originOf("http://hooks.example.com:80")).isEqualTo("http://hooks.example.com");
        assertThat(JolokiaAccessPolicy.originOf("http://hooks.example.com:443")).isEqualTo("http://hooks.example.com:443");
    }

    @Test
    void aPublicUrlThatIsNoHttpUrlStopsTheStart() {
        for (String wrong : new String[] {"hooks.example.com", "ftp://hooks.example.com", "http://", "http://exa mple.com", ""}) {
            assertThatThrownBy(() -> JolokiaAccessPolicy.originOf(wrong)).as(wrong)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("loops.public-url must be an http or https URL");
        }
    }
}
