package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.jsoup.Connection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console as a logged-in admin's browser uses it, on the shared service context: pages fetched and read as
 * HTML, forms submitted as the page rendered them (with the CSRF token the page carries, in one session, so a
 * redirect's flash message shows on the next page and only there).
 */
abstract class ConsoleBrowsing extends ServiceTest {

    private static final AtomicInteger EVENTS = new AtomicInteger();

    @Autowired
    private WebApplicationContext context;

    protected MockMvc mvc;

    /** The browser's session: its CSRF token and flash messages. */
    protected MockHttpSession session;

    @BeforeEach
    void openTheConsole() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        session = new MockHttpSession();
    }

    protected static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    /** GETs a page as the admin; it must answer 200. */
    protected Document page(String path, String... query) {
        MvcResult result = get(path, query);
        assertThat(result.getResponse().getStatus()).as("GET %s: %s", path, body(result)).isEqualTo(200);
        return html(result);
    }

    /** GETs a path as the admin, with query parameters as name, value pairs (encoded as a browser would). */
    protected MvcResult get(String path, String... query) {
        return perform(MockMvcRequestBuilders.get(uri(path, query)).with(admin()).session(session));
    }

    /** Submits a form of a page as the browser would: its fields as rendered, the CSRF token included. */
    protected MvcResult submit(Element form) {
        FormElement element = (FormElement) form;
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(URI.create(form.attr("action")))
                .with(admin()).session(session);
        for (Connection.KeyVal field : element.formData()) {
            request.param(field.key(), field.value());
        }
        return perform(request);
    }

    /** The redirect's target, fetched in the same session (so its flash message shows). */
    protected Document follow(MvcResult redirect) {
        assertThat(redirect.getResponse().getStatus()).as(body(redirect)).isEqualTo(302);
        return page(redirect.getResponse().getRedirectedUrl());
    }

    protected MvcResult perform(MockHttpServletRequestBuilder request) {
        try {
            return mvc.perform(request).andReturn();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static Document html(MvcResult result) {
        return Jsoup.parse(body(result));
    }

    protected static String body(MvcResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The form whose action ends with this path. */
    protected static Element form(Document page, String actionEnding) {
        Element form = page.selectFirst("form[action$=\"" + actionEnding + "\"]");
        assertThat(form).as("a form posting to …%s in %s", actionEnding, page.title()).isNotNull();
        return form;
    }

    /** Types into the form's field of this name. */
    protected static void type(Element form, String name, String value) {
        Element field = form.selectFirst("[name=\"" + name + "\"]");
        assertThat(field).as("field %s", name).isNotNull();
        field.val(value);
    }

    /** Chooses an option of the form's select of this name. */
    protected static void choose(Element form, String name, String value) {
        Element select = form.selectFirst("select[name=\"" + name + "\"]");
        assertThat(select).as("select %s", name).isNotNull();
        assertThat(select.select("option[value=\"" + value + "\"]")).as("option %s of %s", value, name).hasSize(1);
        select.select("option").forEach(option -> option.removeAttr("selected"));
        select.selectFirst("option[value=\"" + value + "\"]").attr("selected", "selected");
    }

    /** Checks or unchecks the form's checkbox of this name. */
    protected static void check(Element form, String name, boolean checked) {
        Element box = form.selectFirst("input[type=checkbox][name=\"" + name + "\"]");
        assertThat(box).as("checkbox %s", name).isNotNull();
        if (checked) {
            box.attr("checked", "checked");
        } else {
            box.removeAttr("checked");
        }
    }

    /** A Stripe customer.created event of its own id, about this person. */
    protected static byte[] customerCreated(String email, String customerId, String name) {
        return new String(StripeEvents.fixture("customer.created"), StandardCharsets.UTF_8)
                .replace("evt_1QxCustomerCreatedZoeLi01", "evt_console_customer_" + EVENTS.incrementAndGet())
                .replace("Zoe.Li@Example.COM", email)
                .replace("cus_RzoeLi0000001", customerId)
                .replace("Zoë 李小龍 Ångström 🚀", name)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A Stripe invoice.paid event of its own id, paid by this customer (named "Missouri" on the invoice). */
    protected static byte[] invoicePaid(String email, String customerId) {
        return invoicePaid(email, customerId, "Missouri");
    }

    protected static byte[] invoicePaid(String email, String customerId, String name) {
        return new String(StripeEvents.fixture("invoice.paid"), StandardCharsets.UTF_8)
                .replace("evt_1QxInvoicePaidMissouri01", "evt_console_invoice_" + EVENTS.incrementAndGet())
                .replace("missouri@example.org", email)
                .replace("cus_S9YwWMaQEgeJYO", customerId)
                .replace("\"customer_name\": \"Missouri\"", "\"customer_name\": \"" + name + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static URI uri(String path, String... query) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(path);
        for (int i = 0; i < query.length; i += 2) {
            uri.queryParam(query[i], query[i + 1]);
        }
        return uri.encode().build().toUri();
    }
}
