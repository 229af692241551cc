package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;


import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A form the service refuses comes back with status 400, what was typed still in it (never a secret), every
 * problem in a summary at the top and each next to its field; nothing is saved.
 */
class ConsoleFormValidationTest extends ServiceTest {

    @Autowired
    private WebApplicationContext context;

    private MockMvc mvc;

    @BeforeEach
    void browser() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void aNameTooLongIsShownNextToTheNameFieldOfTheNewEndpointForm() throws Exception {
        String tooLong = "n".repeat(201);

        MockHttpServletResponse page = submit(MockMvcRequestBuilders.post("/console/endpoints").param("platform", "clerk").param("name", tooLong));

        assertThat(page.getStatus()).isEqualTo(400);
        String html = page.getContentAsString();
        assertThat(html).contains("<p class=\"field-error\" id=\"error-name\">name must be at most 200 characters</p>")
                .contains("aria-describedby=\"error-name\"")
                .contains("value=\"" + tooLong + "\"")
                .containsPattern("<option value=\"clerk\" selected=\"selected\">Clerk</option>");
        assertThat(count("webhook_endpoint")).isZero();
    }

    @Test
    void aWrongTriggerEventNameIsShownInItsRowWithWhatWasTyped() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();

        MockHttpServletResponse page = submit(MockMvcRequestBuilders.post("/console/endpoints/" + endpoint.id() + "/settings")
                .param("name", "Renamed")
                .param("userGroup", "buyers")
                .param("shown.invoice.paid", "1").param("on.invoice.paid", "on")
                .param("trigger.invoice.paid", "not a name!"));

        assertThat(page.getStatus()).isEqualTo(400);
        String html = page.getContentAsString();
        assertThat(html).contains("<div class=\"error-summary\" role=\"alert\">")
                .contains("id=\"error-events.invoice.paid.triggerEvent\">events.invoice.paid.triggerEvent must be 1 to 100")
                .contains("value=\"not a name!\"")
                .contains("value=\"Renamed\"")
                .contains("value=\"buyers\"");
        // the page's title is still the saved name; nothing changed
        assertThat(html).contains("<h1><span>Stripe test</span>");
        WebhookEndpoint saved = endpoints.get(endpoint.id());
        assertThat(saved.name()).isEqualTo("Stripe test");
        assertThat(saved.userGroup()).isEqualTo("customers");
        assertThat(saved.events().get("invoice.paid").triggerEvent()).isEqualTo("successfulPayment");
    }

    @Test
    void aSecretOfTheWrongFormIsRefusedNextToTheSecretFieldAndNeverEchoed() throws Exception {
        WebhookEndpoint endpoint = endpoints.create(new dev.loops.webhooks.endpoint.EndpointDraft("stripe", "No secret yet",
                null, null, true, endpoints.suggestedEvents("stripe"), null));
        String wrong = "sk_live_not_a_webhook_secret_0123456789";

        MockHttpServletResponse page = submit(MockMvcRequestBuilders.post("/console/endpoints/" + endpoint.id() + "/secret")
                .param("signingSecret", wrong));

        assertThat(page.getStatus()).isEqualTo(400);
        String html = page.getContentAsString();
        assertThat(html).contains("id=\"error-signingSecret\">signingSecret must be")
                .contains("aria-invalid=\"true\"")
                .doesNotContain(wrong);
        assertThat(endpoints.get(endpoint.id()).signingSecret()).isNull();
    }

    @Test
    void theAdminApiNamesTheFieldOfEachProblem() {
        var reply = admin("POST", "/api/endpoints", "{\"provider\":\"stripe\",\"name\":\"\"}");

        assertThat(reply.statusCode()).isEqualTo(400);
        var errors = readJson(reply.body()).path("errors");
        assertThat(errors.get(0).path("field").asText()).isEqualTo("name");
        assertThat(errors.get(0).path("message").asText()).isEqualTo("name is required");
    }

    private MockHttpServletResponse submit(MockHttpServletRequestBuilder form) throws Exception {
        return mvc.perform(form.with(user("admin").roles("ADMIN")).with(csrf())).andReturn().getResponse();
    }
}
