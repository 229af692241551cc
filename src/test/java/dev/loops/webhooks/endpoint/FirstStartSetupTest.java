package dev.loops.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class FirstStartSetupTest extends ServiceTest {

    @Autowired
    FirstStartSetup firstStartSetup;

    @Test
    void aServiceWithoutEndpointsCreatesAStripeEndpointAndShowsItsUrl(CapturedOutput captured) {
        int before = captured.length();
        firstStartSetup.run(null);
        String output = captured.toString().substring(before);

        WebhookEndpoint created = endpoints.list().get(0);
        assertThat(endpoints.list()).hasSize(1);
        assertThat(created.provider()).isEqualTo("stripe");
        assertThat(created.signingSecret()).isNull();
        assertThat(created.events()).containsKeys("customer.created", "customer.updated", "invoice.paid", "invoice.payment_failed");
        assertThat(created.events().get("invoice.paid").triggerEvent()).isEqualTo("successfulPayment");
        assertThat(created.events().get("invoice.payment_failed").triggerEvent()).isEqualTo("failedPayment");
        assertThat(created.events().get("customer.created").triggerEvent()).isEqualTo("newStripeCustomer");
        assertThat(output).contains("Your Stripe endpoint URL", "/webhooks/stripe/" + created.id(),
                "/console/endpoints/" + created.id(), "curl -X PUT", "signingSecret");
        // the admin token comes from configuration here, so it is not printed
        assertThat(output).doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void aServiceWithEndpointsCreatesNone(CapturedOutput captured) {
        stripeEndpoint();
        int before = captured.length();
        firstStartSetup.run(null);
        String output = captured.toString().substring(before);
        assertThat(endpoints.list()).hasSize(1);
        assertThat(output).doesNotContain("Your Stripe endpoint URL");
    }
}
