package dev.loops.webhooks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the two Stripe API calls the service makes (GET /v1/customers/{id}, GET /v1/charges/{id}),
 * answering with Stripe's JSON shapes, so the Stripe API fallback runs over real HTTP through stripe-java.
 */
public final class StripeApiStub {

    private final HttpServer server;
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** GET /v1/customers: the list, newest first as Stripe lists them, and statuses to answer before it. */
    private final List<String> listedCustomers = new CopyOnWriteArrayList<>();
    private final java.util.Queue<Integer> listFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public StripeApiStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void reset() {
        objects.clear();
        failures.clear();
        listedCustomers.clear();
        listFailures.clear();
        requests.clear();
    }

    /** GET /v1/customers/{id} answers this customer. */
    public void customer(String id, String email, String name) {
        objects.put("/v1/customers/" + id, """
                {"id": "%s", "object": "customer", "email": %s, "name": %s, "livemode": false, "created": 1700000000,
                 "metadata": {}, "balance": 0, "currency": "usd", "delinquent": false}
                """.formatted(id, quoted(email), quoted(name)));
    }

    /** GET /v1/customers lists this customer (after those added before), pages of ?limit= after ?starting_after=. */
    public void listedCustomer(String id, String email, String name) {
        listedCustomers.add("""
                {"id": "%s", "object": "customer", "email": %s, "name": %s, "livemode": false, "created": 1700000000,
                 "phone": "+15555550100", "address": {"line1": "1 Main St", "city": "Springfield", "country": "US"},
                 "metadata": {}, "balance": 0, "currency": "usd", "delinquent": false, "description": null}
                """.formatted(id, quoted(email), quoted(name)));
    }

    /** The next requests to GET /v1/customers answer these statuses, one each, before the list answers. */
    public void failListWith(int... statuses) {
        for (int status : statuses) {
            listFailures.add(status);
        }
    }

    /** GET /v1/charges/{id} answers this charge. */
    public void charge(String id, String customerId, String billingEmail, String billingName) {
        objects.put("/v1/charges/" + id, """
                {"id": "%s", "object": "charge", "amount": 2000, "currency": "usd", "customer": %s, "paid": true,
                 "billing_details": {"address": null, "email": %s, "name": %s, "phone": null},
                 "receipt_email": null, "livemode": false, "created": 1700000000, "metadata": {}}
                """.formatted(id, quoted(customerId), quoted(billingEmail), quoted(billingName)));
    }

    /** Every request to this path answers with this status (e.g. 500, 401). */
    public void failWith(String path, int status) {
        failures.put(path, status);
    }

    /** "METHOD path Authorization" of each request received. */
    public List<String> requests() {
        return requests;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        int status;
        String body;
        Integer listFailure = path.equals("/v1/customers") && !failures.containsKey(path) ? listFailures.poll() : null;
        if (listFailure != null) {
            status = listFailure;
            body = "{\"error\": {\"type\": \"" + (listFailure == 429 ? "rate_limit_error" : "api_error")
                    + "\", \"message\": \"stubbed failure\"}}";
        } else if (path.equals("/v1/customers") && !failures.containsKey(path)) {
            status = 200;
            body = customersPage(exchange.getRequestURI().getQuery());
        } else if (failures.containsKey(path)) {
            status = failures.get(path);
            body = "{\"error\": {\"type\": \"api_error\", \"message\": \"stubbed failure\"}}";
        } else if (objects.containsKey(path)) {
            status = 200;
            body = objects.get(path);
        } else {
            status = 404;
            body = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\", "
                    + "\"message\": \"No such object: " + path + "\"}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_stub");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String customersPage(String query) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        int limit = Integer.parseInt(parameters.getOrDefault("limit", "10"));
        int from = 0;
        if (parameters.containsKey("starting_after")) {
            String after = "\"id\": \"" + parameters.get("starting_after") + "\"";
            for (int i = 0; i < listedCustomers.size(); i++) {
                if (listedCustomers.get(i).contains(after)) {
                    from = i + 1;
                }
            }
        }
        int to = Math.min(listedCustomers.size(), from + limit);
        return "{\"object\": \"list\", \"url\": \"/v1/customers\", \"has_more\": " + (to < listedCustomers.size())
                + ", \"data\": [" + String.join(",", listedCustomers.subList(from, to)) + "]}";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
