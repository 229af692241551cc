package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/** The audience: contacts newest first, found by part of their address or by a platform's id, in pages; one contact. */
class ConsoleAudiencePagesTest extends ConsoleBrowsing {

    @Test
    void withoutContactsThePageSaysWhereTheyComeFrom() {
        Document page = page("/console/audience");

        assertThat(page.select("main .empty").text()).startsWith("No contacts yet.");
        assertThat(page.select("tbody tr")).isEmpty();
    }

    @Test
    void contactsAreListedNewestFirstWithWhatIsKnownOfThem() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, customerCreated("ada@example.com", "cus_Ada0001", "Ada Lovelace"));
        postSigned(endpoint, customerCreated("grace@example.com", "cus_Grace001", "Grace Hopper"));
        postSigned(endpoint, customerCreated("alan@example.com", "cus_Alan0001", "Alan Turing"));

        Document page = page("/console/audience");

        assertThat(emails(page)).containsExactly("alan@example.com", "grace@example.com", "ada@example.com");
        List<String> grace = page.select("tbody tr").get(1).select("td").eachText();
        assertThat(grace.subList(0, 6)).containsExactly("grace@example.com", "Grace Hopper", "Stripe webhook", "customers",
                "yes", "stripe:cus_Grace001");
        assertThat(page.select("tbody tr").get(1).selectFirst("a").attr("href"))
                .isEqualTo("/console/audience/" + contactRow("grace@example.com").get("id"));
    }

    @Test
    void theSearchFindsPartOfAnAddressOrAPlatformsIdForThePerson() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, customerCreated("ada.lovelace@example.com", "cus_Ada0001", "Ada Lovelace"));
        postSigned(endpoint, customerCreated("grace@navy.example", "cus_Grace001", "Grace Hopper"));
        postSigned(endpoint, customerCreated("alan@example.com", "cus_Alan0001", "Alan Turing"));

        assertThat(emails(page("/console/audience", "q", "lovelace"))).containsExactly("ada.lovelace@example.com");
        assertThat(emails(page("/console/audience", "q", "EXAMPLE.com"))).containsExactly("alan@example.com", "ada.lovelace@example.com");
        assertThat(emails(page("/console/audience", "q", "cus_Grace001"))).containsExactly("grace@navy.example");
        // a part of an id is no id, and "_" is no wildcard
        assertThat(emails(page("/console/audience", "q", "cus_Grace"))).isEmpty();
        assertThat(emails(page("/console/audience", "q", "ada_lovelace"))).isEmpty();

        Document none = page("/console/audience", "q", "nobody@");
        assertThat(none.select("main .empty").text()).isEqualTo("No contact matches nobody@.");
        assertThat(none.select("#q").val()).isEqualTo("nobody@");
        assertThat(none.select("form a[href=/console/audience]").text()).isEqualTo("Clear");
    }

    @Test
    void moreThanAPageOfContactsIsPagedNewestFirst() {
        WebhookEndpoint endpoint = stripeEndpoint();
        for (int i = 1; i <= 27; i++) {
            postSigned(endpoint, customerCreated(String.format("person%02d@paged.example", i), "cus_Paged" + i, "Person " + i));
        }

        Document first = page("/console/audience");

        assertThat(emails(first)).hasSize(25).startsWith("person27@paged.example").endsWith("person03@paged.example");
        assertThat(first.select("nav.pager").text()).isEqualTo("Page 1 Older →");
        String older = first.select("nav.pager a").attr("href");
        assertThat(older).isEqualTo("/console/audience?page=2");
        Document second = page(older);
        assertThat(emails(second)).containsExactly("person02@paged.example", "person01@paged.example");
        assertThat(second.select("nav.pager").text()).isEqualTo("← Newer Page 2");
        assertThat(second.select("nav.pager a").attr("href")).isEqualTo("/console/audience?page=1");

        // a search is paged too, and its pages keep it
        Document searched = page("/console/audience", "q", "@paged.example");
        String searchedOlder = searched.select("nav.pager a").attr("href");
        assertThat(searchedOlder).isEqualTo("/console/audience?q=@paged.example&page=2");
        assertThat(emails(page(searchedOlder))).containsExactly("person02@paged.example", "person01@paged.example");
        assertThat(page("/console/audience", "q", "person1").select("nav.pager")).isEmpty();
    }

    @Test
    void aContactsPageShowsWhoTheyAreWhereTheyCameFromTheirListsAndTheirTriggerEvents() {
        assertThat(admin("POST", "/api/mailing-lists", "{\"name\":\"Product updates\"}").statusCode()).isEqualTo(201);
        Map<String, EventSettings> events = new LinkedHashMap<>(endpoints.suggestedEvents("stripe"));
        events.put("customer.created", new EventSettings(null, "newStripeCustomer", null, null, null,
                List.of("product-updates"), null));
        WebhookEndpoint endpoint = stripeEndpoint("Stripe live", "paying", events);
        postSigned(endpoint, customerCreated("ada@example.com", "cus_Ada0001", "Ada Lovelace"));
        postSigned(endpoint, invoicePaid("ada@example.com", "cus_Ada0001", "Ada Lovelace"));
        Object id = contactRow("ada@example.com").get("id");

        Document page = page("/console/audience/" + id);

        assertThat(page.select("h1").text()).isEqualTo("ada@example.com");
        Map<String, String> facts = facts(page);
        assertThat(facts).containsEntry("First name", "Ada").containsEntry("Last name", "Lovelace")
                .containsEntry("Source", "Stripe webhook").containsEntry("User group", "paying")
                .containsEntry("Subscribed", "yes").containsEntry("Known as", "stripe:cus_Ada0001")
                .containsEntry("Mailing lists", "Product updates");
        assertThat(facts.get("Added")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(page.select("main ul.plain li").eachText()).hasSize(2).satisfiesExactly(
                newest -> assertThat(newest).startsWith("successfulPayment from invoice.paid · "),
                oldest -> assertThat(oldest).startsWith("newStripeCustomer from customer.created · "));
        assertThat(page.select("main ul.plain li .badge").eachText()).allMatch(state -> List.of("published", "waiting").contains(state));
        assertThat(page.select("main a[href^=/console/events?]").attr("href")).isEqualTo("/console/events?email=ada@example.com");
    }

    @Test
    void anUnsubscribedContactWithoutEventsSaysSo() {
        Map<String, EventSettings> syncOnly = new LinkedHashMap<>();
        endpoints.suggestedEvents("stripe").keySet().forEach(type -> syncOnly.put(type, EventSettings.SYNC_ONLY));
        WebhookEndpoint endpoint = stripeEndpoint("Sync only", null, syncOnly);
        postSigned(endpoint, customerCreated("zoe.li@example.com", "cus_RzoeLi0000001", "Zoe"));
        postSigned(endpoint, StripeEvents.fixture("customer.deleted"));
        Object id = contactRow("zoe.li@example.com").get("id");

        Document page = page("/console/audience/" + id);

        assertThat(facts(page)).containsEntry("Subscribed", "no (unsubscribed)").containsEntry("User group", "—")
                .containsEntry("Mailing lists", "none").containsEntry("Last name", "—");
        assertThat(page.select("main .empty").text()).startsWith("No trigger events for this contact");
        assertThat(page("/console/audience").select("tbody tr td").get(4).text()).isEqualTo("no");
    }

    @Test
    void anUnknownContactIsNotFound() {
        MvcResult result = get("/console/audience/999999");

        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        Document page = html(result);
        assertThat(page.select("h1").text()).isEqualTo("Not found");
        assertThat(page.select("main .error").text()).isEqualTo("No contact with id 999999");
    }

    private static List<String> emails(Document page) {
        return page.select("tbody tr td:first-child").eachText();
    }

    /** The contact's facts: each dt with its dd. */
    private static Map<String, String> facts(Document page) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (Element term : page.select("dl.facts dt")) {
            facts.put(term.text(), term.nextElementSibling().text());
        }
        return facts;
    }
}
