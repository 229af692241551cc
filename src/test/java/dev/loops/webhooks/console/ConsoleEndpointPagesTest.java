package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import dev.loops.webhooks.support.SupabaseEvents;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.server.ResponseStatusException;

/**
 * The endpoints pages as an admin uses them: the list, a new endpoint, its secret, its settings, enabling,
 * deleting and test events; each change checked on the page and in the endpoint the service now has.
 */
class ConsoleEndpointPagesTest extends ConsoleBrowsing {

    private static final String NEW_SECRET = "whsec_console_rotated_0123456789abcdefWXYZ";

    @Test
    void withoutEndpointsTheListSaysHowToStart() {
        Document list = page("/console/endpoints");

        assertThat(list.select("#endpoint-rows .empty").text()).startsWith("No endpoints yet. Create one above");
        assertThat(list.select("#endpoint-rows tbody tr")).isEmpty();
        assertThat(html(get("/console/endpoints/rows")).select(".empty").text()).startsWith("No endpoints yet.");
    }

    @Test
    void aStripeEndpointCreatedThroughTheFormOpensOnItsPageWithItsUrl() {
        Element form = form(page("/console/endpoints"), "/console/endpoints");
        choose(form, "platform", "stripe");
        type(form, "name", "Stripe live");

        MvcResult created = submit(form);

        assertThat(endpoints.list()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.provider()).isEqualTo("stripe");
            assertThat(endpoint.name()).isEqualTo("Stripe live");
            assertThat(endpoint.enabled()).isTrue();
            assertThat(endpoint.signingSecret()).isNull();
        });
        String id = endpoints.list().get(0).id();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/console/endpoints/" + id);
        Document page = follow(created);
        assertThat(page.select("h1").text()).isEqualTo("Stripe live Stripe enabled");
        assertThat(page.select(".notice").text()).isEqualTo("Endpoint created. Copy its URL into Stripe.");
        assertThat(page.select("#endpoint-url").val()).startsWith("http").endsWith("/webhooks/stripe/" + id);
        assertThat(page.select("section:has(#secret) .error").text()).startsWith("No signing secret yet");
        // the notice was for the redirect only
        assertThat(page("/console/endpoints/" + id).select(".notice")).isEmpty();
    }

    @Test
    void theListShowsPlatformNameStateEventTypesAndTheLastDelivery() {
        WebhookEndpoint stripe = stripeEndpoint();
        WebhookEndpoint clerk = endpoints.create(new dev.loops.webhooks.endpoint.EndpointDraft("clerk", "Clerk staging",
                null, null, false, Map.of("user.created", EventSettings.SYNC_ONLY), null));

        List<String> before = cells(page("/console/endpoints"), stripe.id());
        assertThat(before).containsExactly("Stripe test", "Stripe", "enabled", Long.toString(activeTypes(stripe.id())), "none yet");
        assertThat(cells(page("/console/endpoints"), clerk.id())).containsExactly("Clerk staging", "Clerk", "disabled", "1", "none yet");

        assertThat(postSigned(stripe, StripeEvents.fixture("invoice.paid")).statusCode()).isEqualTo(200);

        assertThat(cells(page("/console/endpoints"), stripe.id()).get(4)).startsWith("processed invoice.paid · ");
        // the table the page polls shows it too
        assertThat(cells(html(get("/console/endpoints/rows")), stripe.id()).get(4)).startsWith("processed invoice.paid · ");

        post("/webhooks/stripe/" + stripe.id(), StripeEvents.fixture("customer.created"),
                "Content-Type", "application/json", "Stripe-Signature", "t=1,v1=00");
        assertThat(cells(page("/console/endpoints"), stripe.id()).get(4)).as("the newest delivery").startsWith("rejected ");

        // turning a type off counts one fewer
        long active = activeTypes(stripe.id());
        Element settings = form(page("/console/endpoints/" + stripe.id()), "/settings");
        check(settings, "on.invoice.paid", false);
        submit(settings);
        assertThat(cells(page("/console/endpoints"), stripe.id()).get(3)).isEqualTo(Long.toString(active - 1));
    }

    @Test
    void theSigningSecretIsSavedButOnlyItsHintIsEverShown() {
        Element create = form(page("/console/endpoints"), "/console/endpoints");
        choose(create, "platform", "stripe");
        type(create, "name", "Stripe live");
        String id = submit(create).getResponse().getRedirectedUrl().replace("/console/endpoints/", "");
        Element secretForm = form(page("/console/endpoints/" + id), "/secret");
        assertThat(secretForm.selectFirst("#signingSecret").attr("type")).isEqualTo("password");
        type(secretForm, "signingSecret", SECRET);

        Document page = follow(submit(secretForm));

        assertThat(endpoints.get(id).signingSecret()).isEqualTo(SECRET);
        assertThat(page.select(".notice").text()).isEqualTo("Signing secret saved.");
        assertThat(page.select("section:has(#secret) p").first().text())
                .isEqualTo("Current secret: whsec_…" + SECRET.substring(SECRET.length() - 4) + ".");
        assertThat(page.outerHtml()).doesNotContain(SECRET);
        assertThat(body(get("/console/endpoints/" + id))).doesNotContain(SECRET);
        assertThat(body(get("/console/endpoints"))).doesNotContain(SECRET);
        assertThat(body(get("/console/endpoints/rows"))).doesNotContain(SECRET);
        // and it is the secret the endpoint verifies with
        assertThat(postSigned(endpoints.get(id), StripeEvents.fixture("invoice.paid")).statusCode()).isEqualTo(200);
        assertThat(body(get("/console/deliveries"))).doesNotContain(SECRET);
    }

    @Test
    void rotatingTheSecretKeepsThePreviousOneValidForTheChosenHours() {
        WebhookEndpoint endpoint = stripeEndpoint();
        Element rotate = form(page("/console/endpoints/" + endpoint.id()), "/secret");
        assertThat(rotate.select("button").text()).isEqualTo("Rotate secret");
        type(rotate, "signingSecret", NEW_SECRET);
        type(rotate, "previousValidForHours", "2");

        Document page = follow(submit(rotate));

        WebhookEndpoint rotated = endpoints.get(endpoint.id());
        assertThat(rotated.signingSecret()).isEqualTo(NEW_SECRET);
        assertThat(rotated.previousSigningSecret()).isEqualTo(SECRET);
        assertThat(rotated.previousSecretExpiresAt()).isCloseTo(OffsetDateTime.now().plusHours(2), within(1, ChronoUnit.MINUTES));
        assertThat(page.select(".notice").text())
                .isEqualTo("Signing secret replaced; the previous one verifies for 2 more hours.");
        assertThat(page.select("section:has(#secret) p").first().text())
                .startsWith("Current secret: whsec_…WXYZ; the previous one (whsec_…" + SECRET.substring(SECRET.length() - 4)
                        + ") still verifies until ");
        assertThat(page.outerHtml()).doesNotContain(SECRET).doesNotContain(NEW_SECRET);
        assertThat(body(get("/console/endpoints"))).doesNotContain(SECRET).doesNotContain(NEW_SECRET);

        // a platform still signing with the old secret is accepted, and so is the new one
        assertThat(postSigned(rotated, invoicePaid("old@example.com", "cus_Old")).statusCode()).isEqualTo(200);
        byte[] body = invoicePaid("new@example.com", "cus_New");
        HttpResponse<String> withNew = post("/webhooks/stripe/" + endpoint.id(), body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, NEW_SECRET));
        assertThat(withNew.statusCode()).as(withNew.body()).isEqualTo(200);
    }

    @Test
    void aSupabaseEndpointShowsItsIssuedHeaderOnTheNextPageOnly() {
        Element create = form(page("/console/endpoints"), "/console/endpoints");
        choose(create, "platform", "supabase");
        type(create, "name", "Supabase auth");

        MvcResult created = submit(create);
        Document page = follow(created);

        WebhookEndpoint endpoint = endpoints.list().get(0);
        assertThat(endpoint.signingSecret()).isNotBlank();
        assertThat(page.select("#issued").text()).isEqualTo("Header for the hook (shown once)");
        assertThat(page.select("#header-name").val()).isEqualTo(SupabaseEvents.SECRET_HEADER);
        assertThat(page.select("#header-value").val()).isEqualTo(endpoint.signingSecret());

        Document reloaded = page("/console/endpoints/" + endpoint.id());
        assertThat(reloaded.select("#issued")).isEmpty();
        assertThat(reloaded.outerHtml()).doesNotContain(endpoint.signingSecret());
        assertThat(reloaded.select("section:has(#secret)").text()).contains("Rotating issues a new header value, shown once.");

        // the value shown is the one the endpoint checks
        HttpResponse<String> delivery = post("/webhooks/supabase/" + endpoint.id(),
                SupabaseEvents.fixture("auth.users.INSERT"), SupabaseEvents.headers(page.select("#header-value").val()));
        assertThat(delivery.statusCode()).as(delivery.body()).isEqualTo(200);
    }

    @Test
    void savedSettingsAreTheEndpointsAndShowOnReload() {
        WebhookEndpoint endpoint = stripeEndpoint();
        Element settings = form(page("/console/endpoints/" + endpoint.id()), "/settings");
        type(settings, "name", "Stripe renamed");
        type(settings, "userGroup", "vip");
        check(settings, "on.customer.created", false);
        type(settings, "trigger.invoice.paid", "paidInvoice");

        Document page = follow(submit(settings));

        WebhookEndpoint saved = endpoints.get(endpoint.id());
        assertThat(page.select(".notice").text()).isEqualTo("Settings saved.");
        assertThat(saved.name()).isEqualTo("Stripe renamed");
        assertThat(saved.userGroup()).isEqualTo("vip");
        assertThat(saved.events().get("customer.created").active()).isFalse();
        assertThat(saved.events().get("invoice.paid").triggerEvent()).isEqualTo("paidInvoice");
        Map<String, String> untouched = meaning(endpoint.events());
        untouched.remove("customer.created");
        untouched.remove("invoice.paid");
        assertThat(meaning(saved.events())).containsAllEntriesOf(untouched);

        Document reloaded = page("/console/endpoints/" + endpoint.id());
        assertThat(reloaded.select("h1 > span").first().text()).isEqualTo("Stripe renamed");
        assertThat(reloaded.select("#endpoint-group").val()).isEqualTo("vip");
        assertThat(reloaded.select("input[name=on.customer.created]").hasAttr("checked")).isFalse();
        assertThat(reloaded.select("input[name=on.invoice.paid]").hasAttr("checked")).isTrue();
        assertThat(reloaded.select("input[name=trigger.invoice.paid]").val()).isEqualTo("paidInvoice");

        // and the webhooks follow them
        HttpResponse<String> off = postSigned(saved, customerCreated("off@example.com", "cus_Off", "Off Type"));
        assertThat(readJson(off.body()).path("status").asText()).isEqualTo("ignored");
        HttpResponse<String> paid = postSigned(saved, invoicePaid("vip@example.com", "cus_Vip"));
        assertThat(readJson(paid.body()).path("triggeredEvent").asText()).isEqualTo("paidInvoice");
        assertThat(contactRow("vip@example.com")).containsEntry("user_group", "vip");
    }

    @Test
    void savingTheFormAsShownChangesNothing() {
        WebhookEndpoint endpoint = stripeEndpoint();

        follow(submit(form(page("/console/endpoints/" + endpoint.id()), "/settings")));

        WebhookEndpoint saved = endpoints.get(endpoint.id());
        assertThat(saved.name()).isEqualTo(endpoint.name());
        assertThat(saved.userGroup()).isEqualTo(endpoint.userGroup());
        assertThat(meaning(saved.events())).isEqualTo(meaning(endpoint.events()));
    }

    @Test
    void disablingMakesTheUrlRefuseEventsUntilEnabledAgain() {
        WebhookEndpoint endpoint = stripeEndpoint();
        Element toggle = form(page("/console/endpoints/" + endpoint.id()), "/enabled");
        assertThat(toggle.select("button").text()).isEqualTo("Disable endpoint");

        Document disabled = follow(submit(toggle));

        assertThat(endpoints.get(endpoint.id()).enabled()).isFalse();
        assertThat(disabled.select(".notice").text()).startsWith("Endpoint disabled");
        assertThat(disabled.select("h1 .badge.off").text()).isEqualTo("disabled");
        assertThat(cells(page("/console/endpoints"), endpoint.id()).get(2)).isEqualTo("disabled");
        assertThat(postSigned(endpoint, invoicePaid("while-off@example.com", "cus_Off")).statusCode()).isEqualTo(404);

        Element enable = form(disabled, "/enabled");
        assertThat(enable.select("button").text()).isEqualTo("Enable endpoint");
        Document enabled = follow(submit(enable));

        assertThat(endpoints.get(endpoint.id()).enabled()).isTrue();
        assertThat(enabled.select(".notice").text()).startsWith("Endpoint enabled");
        assertThat(postSigned(endpoint, invoicePaid("while-on@example.com", "cus_On")).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedEndpointIsGoneAndItsPageIsNotFound() {
        WebhookEndpoint endpoint = stripeEndpoint();

        MvcResult deleted = submit(form(page("/console/endpoints/" + endpoint.id()), "/delete"));

        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/console/endpoints");
        Document list = follow(deleted);
        assertThat(list.select(".notice").text()).isEqualTo("Endpoint \"Stripe test\" deleted; its URL answers 404.");
        assertThat(list.select("#endpoint-rows .empty").text()).startsWith("No endpoints yet.");
        assertThat(count("webhook_endpoint")).isZero();
        try {
            endpoints.get(endpoint.id());
            throw new AssertionError("the endpoint is still there");
        } catch (ResponseStatusException gone) {
            assertThat(gone.getStatusCode().value()).isEqualTo(404);
        }

        MvcResult page = get("/console/endpoints/" + endpoint.id());
        assertThat(page.getResponse().getStatus()).isEqualTo(404);
        Document problem = html(page);
        assertThat(problem.select("h1").text()).as(body(page)).isEqualTo("Not found");
        assertThat(problem.select("main .error").text()).isNotBlank();
        assertThat(problem.select("a[href=/console/endpoints]")).isNotEmpty();
        assertThat(postSigned(endpoint, StripeEvents.fixture("invoice.paid")).statusCode()).isEqualTo(404);
    }

    @Test
    void aTestEventGoesThroughProcessingAndItsReplyIsShown() {
        WebhookEndpoint endpoint = stripeEndpoint();
        Element test = form(page("/console/endpoints/" + endpoint.id()), "/test-event");
        choose(test, "type", "invoice.paid");

        MvcResult reply = submit(test);

        assertThat(reply.getResponse().getStatus()).isEqualTo(200);
        Document fragment = html(reply);
        String sent = fragment.select("strong").text();
        assertThat(sent).matches("Sent invoice\\.paid for test\\+[0-9a-f]{8}@example\\.com: answered 200");
        String email = sent.substring("Sent invoice.paid for ".length(), sent.indexOf(": answered"));
        assertThat(readJson(fragment.select("pre.payload").text()).path("status").asText()).isEqualTo("processed");
        assertThat(contactRow(email)).containsEntry("source", "Stripe webhook");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event").query(String.class).list()).containsExactly("successfulPayment");
    }

    @Test
    void aTestEventToAnEndpointWithoutASecretIsRefusedAndNothingIsSent() {
        Element create = form(page("/console/endpoints"), "/console/endpoints");
        choose(create, "platform", "stripe");
        type(create, "name", "No secret yet");
        Document page = follow(submit(create));
        Element test = form(page, "/test-event");
        choose(test, "type", "invoice.paid");

        Document fragment = html(submit(test));

        assertThat(fragment.select(".error").text()).isNotBlank();
        assertThat(fragment.select("strong")).isEmpty();
        assertThat(count("webhook_delivery")).isZero();
        assertThat(count("contact")).isZero();
    }

    /** The cells of the endpoint's row in the list, as text. */
    private static List<String> cells(Document list, String endpointId) {
        Element row = list.selectFirst("#endpoint-rows tr[data-endpoint=" + endpointId + "]");
        assertThat(row).as("the row of %s", endpointId).isNotNull();
        return row.select("td").eachText();
    }

    private long activeTypes(String endpointId) {
        return endpoints.get(endpointId).events().values().stream().filter(EventSettings::active).count();
    }

    /** What each type's settings do, defaults applied: a saved default and an absent one mean the same. */
    private static Map<String, String> meaning(Map<String, EventSettings> events) {
        Map<String, String> meaning = new LinkedHashMap<>();
        events.forEach((type, settings) -> meaning.put(type, settings.active() + " " + settings.triggerEvent() + " "
                + settings.userGroup() + " " + settings.syncsNames() + " " + settings.deletion() + " "
                + settings.mailingListIds() + " " + settings.triggersWhenUnchanged()));
        return meaning;
    }
}
