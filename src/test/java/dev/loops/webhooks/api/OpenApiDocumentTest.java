package dev.loops.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The admin API's OpenAPI document lists every route Spring MVC serves under /api, each with a summary and its
 * errors; tools with the admin token and a browser logged in to the console can read it, nobody else.
 */
class OpenApiDocumentTest extends ServiceTest {

    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mvc;

    @Test
    void everyApiRouteServedIsInTheDocumentAndNothingElse() {
        Map<String, String> served = new TreeMap<>();
        mvc.getHandlerMethods().forEach((mapping, handler) -> routes(mapping).stream()
                .filter(route -> route.contains(" /api/"))
                .forEach(route -> served.put(route, name(handler))));
        Set<String> documented = operations(document()).keySet();

        assertThat(served).as("routes under /api that Spring MVC serves").isNotEmpty();
        Map<String, String> missing = new TreeMap<>(served);
        missing.keySet().removeAll(documented);
        assertThat(missing).as("routes missing from the OpenAPI document (route=handler)").isEmpty();
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(served.keySet());
        assertThat(extra).as("routes in the OpenAPI document that Spring MVC does not serve under /api").isEmpty();
    }

    @Test
    void everyOperationHasASummaryItsAnswersAndTheBearerToken() {
        JsonNode document = document();

        assertThat(document.at("/components/securitySchemes/adminToken/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/adminToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("adminToken")).as("the bearer token is required globally").isTrue();
        List<String> problems = new ArrayList<>();
        operations(document).forEach((route, operation) -> {
            if (operation.path("summary").asText().isBlank()) {
                problems.add(route + ": no summary");
            }
            List<String> successes = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    successes.add(code);
                } else if (code.startsWith("4")) {
                    errors.add(code);
                }
            });
            // springdoc drops the answer it derives from the return type once a method declares any answer
            if (successes.isEmpty()) {
                problems.add(route + ": no 2xx answer");
            }
            if (!errors.contains("401")) {
                problems.add(route + ": no 401");
            }
            for (String code : errors) {
                JsonNode body = operation.path("responses").path(code).path("content").path("application/problem+json");
                if (!body.path("schema").path("$ref").asText().endsWith("/ProblemDetail")) {
                    problems.add(route + ": " + code + " is not a problem details answer");
                }
            }
            if (operation.path("responses").path("default").isObject()) {
                problems.add(route + ": an undocumented 'default' answer");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theDocumentNeedsTheAdminTokenOrTheConsoleLogin() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs/swagger-config")) {
            HttpResponse<String> anonymous = request("GET", path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(anonymous.body()).doesNotContain("/api/endpoints");
            assertThat(anonymous.headers().firstValue("Set-Cookie")).as("no session for a refused client").isEmpty();

            HttpResponse<String> wrongToken = request("GET", path, null, "Authorization", "Bearer not-the-admin-token");
            assertThat(wrongToken.statusCode()).as(path).isEqualTo(401);
        }

        HttpResponse<String> withToken = request("GET", "/v3/api-docs", null, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.headers().firstValue("Set-Cookie")).as("a bearer client gets no session").isEmpty();
    }

    @Test
    void swaggerUiIsAPageOfTheConsole() {
        HttpResponse<String> anonymous = request("GET", "/swagger-ui/index.html", null);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/login"));

        String session = consoleLogin();
        HttpResponse<String> page = request("GET", "/swagger-ui/index.html", null, "Cookie", "JSESSIONID=" + session);
        assertThat(page.statusCode()).isEqualTo(200);
        // its script is a file and it has no top bar (whose logo carries an inline style), so the console's policy
        // holds here unchanged: checked in Chromium, Swagger UI breaks none of it
        assertThat(page.body()).contains("<script src=\"./swagger-initializer.js\"").doesNotContain("<script>")
                .doesNotContain("<style");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self';", "style-src 'self';").doesNotContain("unsafe"));

        HttpResponse<String> initializer = request("GET", "/swagger-ui/swagger-initializer.js", null,
                "Cookie", "JSESSIONID=" + session);
        assertThat(initializer.body()).contains("/v3/api-docs/swagger-config");
        HttpResponse<String> config = request("GET", "/v3/api-docs/swagger-config", null, "Cookie", "JSESSIONID=" + session);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(readJson(config.body()).path("url").asText()).isEqualTo("/v3/api-docs");
        assertThat(readJson(config.body()).path("layout").asText()).isEqualTo("BaseLayout");
        assertThat(readJson(config.body()).path("validatorUrl").asText()).isEqualTo("none");
        HttpResponse<String> document = request("GET", "/v3/api-docs", null, "Cookie", "JSESSIONID=" + session);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(readJson(document.body()).at("/paths").has("/api/endpoints")).isTrue();
    }

    private JsonNode document() {
        HttpResponse<String> response = request("GET", "/v3/api-docs", null, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return readJson(response.body());
    }

    /** "GET /api/endpoints/{id}" for each method and path of the mapping ({@code {id:\d+}} as {@code {id}}). */
    private static List<String> routes(RequestMappingInfo mapping) {
        Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
        List<String> routes = new ArrayList<>();
        for (String path : mapping.getPatternValues()) {
            String normalized = path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
            if (methods.isEmpty()) {
                routes.add("ANY " + normalized);
            }
            methods.forEach(method -> routes.add(method + " " + normalized));
        }
        return routes;
    }

    private static String name(HandlerMethod handler) {
        return handler.getBeanType().getSimpleName() + "#" + handler.getMethod().getName();
    }

    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method ->
                operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue())));
        return operations;
    }

    /** Logs in through the console's form, as a browser does; the session id it ends with. */
    private String consoleLogin() {
        HttpResponse<String> form = request("GET", "/console/login", null);
        String session = cookie(form);
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as("the login form's CSRF token: " + form.body()).isTrue();
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);

        HttpResponse<String> login = request("POST", "/console/login",
                "username=admin&token=" + URLEncoder.encode(ADMIN_TOKEN, StandardCharsets.UTF_8)
                        + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", "JSESSIONID=" + session);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        return cookie(login);
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(SESSION::matcher).filter(Matcher::find).map(matcher -> matcher.group(1))
                .findFirst().orElseThrow(() -> new AssertionError("No session cookie: " + response.headers()));
    }
}
