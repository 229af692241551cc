package dev.loops.webhooks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An endpoint's id is the secret part of its URL: logs and metric labels name it by its first characters only,
 * so whoever reads them cannot post to it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointIdsStayOutOfLogsTest extends ServiceTest {

    @Test
    void deliveriesAreLoggedAndCountedUnderAShortLabel(CapturedOutput output) {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] invoicePaid = StripeEvents.fixture("invoice.paid");
        assertThat(postSigned(endpoint, invoicePaid).statusCode()).isEqualTo(200);
        post("/webhooks/stripe/" + endpoint.id(), invoicePaid, "Content-Type", "application/json",
                "Stripe-Signature", "t=1,v1=00");
        String label = endpoint.id().substring(0, 8) + "…";

        String metrics = request("GET", "/actuator/prometheus", null, "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes())).body();

        assertThat(output.getAll()).contains("endpoint=" + label + " ").doesNotContain(endpoint.id());
        assertThat(metrics).contains("endpoint=\"" + label + "\"").doesNotContain(endpoint.id());
    }
}
