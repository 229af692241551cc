package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.security.FailedLoginThrottle;
import dev.loops.webhooks.support.StripeEvents;
import org.jsoup.Connection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who gets into the console: every page but the login and its assets needs the login, a path nobody named is
 * closed too, no form works without its CSRF token, pages run no inline script, and the login itself over real
 * HTTP (its session cookie, a wrong token, too many wrong tokens, logging out).
 */
class ConsoleSecurityTest extends ConsoleBrowsing {

    @Test
    void everyConsolePageSendsAnAnonymousVisitorToTheLogin() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long contact = jdbc.sql("SELECT id FROM contact").query(Long.class).single();
        long delivery = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();

        for (String path : List.of("/", "/console", "/console/endpoints", "/console/endpoints/rows",
                "/console/endpoints/" + endpoint.id(), "/console/audience", "/console/audience/" + contact,
                "/console/events", "/console/deliveries", "/console/deliveries/rows", "/console/deliveries/" + delivery,
                "/console/deliveries/replays/some-job")) {
            HttpResponse<String> response = new Browser().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(location(response)).as(path).isEqualTo("/console/login");
        }
    }

    @Test
    void aPathNobodyNamedIsClosedToo() {
        for (String path : List.of("/some-new-page", "/swagger-ui/index.html", "/console/new-page",
                "/console/assets/../endpoints", "/webhooks-admin")) {
            HttpResponse<String> response = new Browser().get(path);
            assertThat(response.statusCode()).as(path).isIn(302, 400);
            if (response.statusCode() == 302) {
                assertThat(location(response)).as(path).isEqualTo("/console/login");
            }
            assertThat(response.body()).as(path).doesNotContain("openapi");
        }
    }

    @Test
    void theLoginPageAndWhatItLoadsArePublic() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get("/console/login");

        assertThat(login.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(login.body());
        assertThat(page.select("label[for=token]").text()).isEqualTo("Admin token");
        List<String> assets = new ArrayList<>(page.select("script[src]").eachAttr("src"));
        assets.addAll(page.select("link[rel=stylesheet]").eachAttr("href"));
        assertThat(assets).contains("/console/assets/console.js", "/console/assets/console.css")
                .anyMatch(asset -> asset.matches("/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min\\.js"));
        for (String asset : assets) {
            HttpResponse<String> response = new Browser().get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isNotBlank().doesNotContain("<html");
        }
        assertThat(new Browser().get("/console/assets/console.js").body()).contains("htmx:configRequest");
        assertThat(new Browser().get("/webjars/htmx.org/dist/htmx.min.js").body()).contains("htmx");
    }

    @Test
    void everyConsoleResponseHasAPolicyThatRunsNoInlineScriptAndThePagesNeedNone() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long contact = jdbc.sql("SELECT id FROM contact").query(Long.class).single();
        long delivery = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();

        for (String path : List.of("/console/endpoints", "/console/endpoints/rows", "/console/endpoints/" + endpoint.id(),
                "/console/audience", "/console/audience/" + contact, "/console/events", "/console/deliveries",
                "/console/deliveries/rows", "/console/deliveries/" + delivery, "/console/endpoints/we_unknown")) {
            MvcResult result = get(path);
            assertThat(result.getResponse().getStatus()).as(path).isIn(200, 404);
            assertPolicy(path, result.getResponse().getHeader("Content-Security-Policy"));
            Document page = html(result);
            assertThat(page.select("script:not([src])")).as("inline scripts in %s", path).isEmpty();
            assertThat(page.select("[style]")).as("inline styles in %s", path).isEmpty();
            assertThat(page.select("[^on]").stream().flatMap(element -> element.attributes().asList().stream())
                    .filter(attribute -> attribute.getKey().startsWith("on")).toList())
                    .as("event handler attributes in %s", path).isEmpty();
        }
        for (String path : List.of("/console/login", "/console/login?logout", "/console/endpoints", "/some-new-page")) {
            HttpResponse<String> response = new Browser().get(path);
            assertPolicy(path, response.headers().firstValue("Content-Security-Policy").orElse(null));
        }
        Browser wrong = new Browser();
        HttpResponse<String> refused = wrong.logIn("not-the-token");
        assertPolicy("a refused login", refused.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    void noFormWorksWithoutItsCsrfToken() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long delivery = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();
        String base = "/console/endpoints/" + endpoint.id();
        Map<String, Map<String, String>> forms = Map.of(
                "/console/endpoints", Map.of("platform", "stripe", "name", "Forged"),
                base + "/secret", Map.of("signingSecret", "whsec_forged_0123456789abcdef", "previousValidForHours", "0"),
                base + "/settings", Map.of("name", "Forged", "userGroup", "forged"),
                base + "/enabled", Map.of("enabled", "false"),
                base + "/delete", Map.of(),
                base + "/test-event", Map.of("type", "invoice.paid"),
                "/console/deliveries/" + delivery + "/replay", Map.of("force", "true"),
                "/console/deliveries/replay", Map.of("force", "true"));

        for (Map.Entry<String, Map<String, String>> form : forms.entrySet()) {
            for (boolean invalidToken : new boolean[] {false, true}) {
                MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(form.getKey()).with(admin());
                form.getValue().forEach(request::param);
                if (invalidToken) {
                    request.with(csrf().useInvalidToken());
                }
                assertThat(perform(request).getResponse().getStatus()).as("%s, token %s", form.getKey(),
                        invalidToken ? "wrong" : "missing").isEqualTo(403);
            }
        }

        WebhookEndpoint after = endpoints.get(endpoint.id());
        assertThat(endpoints.list()).hasSize(1);
        assertThat(after.name()).isEqualTo(endpoint.name());
        assertThat(after.userGroup()).isEqualTo(endpoint.userGroup());
        assertThat(after.signingSecret()).isEqualTo(SECRET);
        assertThat(after.previousSigningSecret()).isNull();
        assertThat(after.enabled()).isTrue();
        assertThat(count("webhook_delivery")).isEqualTo(1);
        assertThat(count("trigger_event")).isEqualTo(1);
    }

    @Test
    void everyFormOnThePagesCarriesItsCsrfToken() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long delivery = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();

        for (String path : List.of("/console/endpoints", "/console/endpoints/" + endpoint.id(), "/console/deliveries",
                "/console/deliveries/" + delivery, "/console/events")) {
            Document page = page(path);
            assertThat(page.select("form[method=post]")).as(path).isNotEmpty()
                    .allSatisfy(form -> assertThat(form.select("input[type=hidden][name=_csrf]").val())
                            .as("%s: the form posting to %s", path, form.attr("action")).isNotBlank());
            // htmx's requests take it from the page's head
            assertThat(page.select("meta[name=csrf-token]").attr("content")).as(path).isNotBlank();
            assertThat(page.select("meta[name=csrf-header]").attr("content")).as(path).isEqualTo("X-CSRF-TOKEN");
        }
    }

    @Test
    void theRightTokenLogsInWithAnHttpOnlySameSiteSessionCookie() {
        Browser browser = new Browser();

        HttpResponse<String> login = browser.logIn(ADMIN_TOKEN);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        assertThat(location(login)).isEqualTo("/console/endpoints");
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no new session cookie: " + login.headers().map()));
        assertThat(cookie).containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict");
        HttpResponse<String> endpointsPage = browser.get("/console/endpoints");
        assertThat(endpointsPage.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(endpointsPage.body()).select("h1").text()).isEqualTo("Endpoints");
    }

    @Test
    void aWrongTokenIsRefusedWith401AndTheLoginPageSaysSo() {
        Browser browser = new Browser();

        HttpResponse<String> refused = browser.logIn("not-the-admin-token");

        assertThat(refused.statusCode()).isEqualTo(401);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.select("[role=alert]").text()).isEqualTo("That is not the admin token.");
        assertThat(page.select("input[name=token]")).hasSize(1);
        assertThat(refused.body()).doesNotContain("not-the-admin-token");
        assertThat(browser.get("/console/endpoints").statusCode()).isEqualTo(302);
    }

    @Test
    void afterTooManyWrongTokensTheLoginAnswers429WithAPage() {
        Browser browser = new Browser();
        for (int i = 1; i <= FailedLoginThrottle.FREE_FAILURES; i++) {
            assertThat(browser.logIn("wrong-token-" + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }

        HttpResponse<String> locked = browser.logIn("wrong-token-6");

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        Document page = Jsoup.parse(locked.body());
        assertThat(page.select("h1").text()).isEqualTo("Too many failed logins");
        assertThat(page.select("a[href=/console/login]")).isNotEmpty();
        assertThat(browser.logIn(ADMIN_TOKEN).statusCode()).as("the right token while locked out").isEqualTo(429);
    }

    @Test
    void loggingOutEndsTheSession() {
        Browser browser = new Browser();
        assertThat(browser.logIn(ADMIN_TOKEN).statusCode()).isEqualTo(302);
        Document page = Jsoup.parse(browser.get("/console/endpoints").body());
        assertThat(browser.post("/console/logout", Map.of()).statusCode()).as("without its token").isEqualTo(403);
        assertThat(browser.get("/console/endpoints").statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> logout = browser.submit(page.selectFirst("form.logout"), Map.of());

        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(location(logout)).isEqualTo("/console/login?logout");
        assertThat(Jsoup.parse(browser.get("/console/login?logout").body()).select("[role=status]").text())
                .isEqualTo("You are logged out.");
        HttpResponse<String> after = browser.get("/console/endpoints");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(location(after)).isEqualTo("/console/login");
    }

    private static void assertPolicy(String what, String policy) {
        assertThat(policy).as("Content-Security-Policy of %s", what).isNotBlank();
        List<String> scriptSrc = List.of(policy.split(";")).stream().map(String::trim)
                .filter(directive -> directive.startsWith("script-src ")).toList();
        assertThat(scriptSrc).as("script-src of %s: %s", what, policy).singleElement().asString()
                .doesNotContain("'unsafe-inline'").doesNotContain("'unsafe-eval'").doesNotContain("*");
        assertThat(policy).as(what).contains("object-src 'none'").contains("frame-ancestors 'none'");
    }

    /** The redirect's target as a path: Tomcat may send it relative or absolute. */
    private static String location(HttpResponse<String> response) {
        URI target = URI.create(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location; status " + response.statusCode())));
        return target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    }

    /** A browser over real HTTP: keeps the session cookie, follows no redirect, submits forms with their fields. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private String sessionCookie;

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/html"));
        }

        HttpResponse<String> post(String path, Map<String, String> fields) {
            String form = fields.entrySet().stream()
                    .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(form))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html"));
        }

        /** Submits the form with its fields as rendered, some of them typed in. */
        HttpResponse<String> submit(org.jsoup.nodes.Element form, Map<String, String> typed) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (Connection.KeyVal field : ((FormElement) form).formData()) {
                fields.put(field.key(), field.value());
            }
            fields.putAll(typed);
            return post(form.attr("action"), fields);
        }

        /** Opens the login page and submits its form with this token. */
        HttpResponse<String> logIn(String token) {
            HttpResponse<String> login = get("/console/login");
            assertThat(login.statusCode()).isEqualTo(200);
            return submit(Jsoup.parse(login.body()).selectFirst("form[action=/console/login]"), Map.of("token", token));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            if (sessionCookie != null) {
                request.header("Cookie", sessionCookie);
            }
            try {
                HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                response.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("JSESSIONID="))
                        .findFirst().ifPresent(value -> sessionCookie = value.substring(0, value.indexOf(';')));
                return response;
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
