package dev.loops.webhooks.api;

import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui/index.html}), generated
 * by springdoc from the controllers, so it cannot leave out a route or drift from one. What every route shares (the
 * bearer token, its 401 and 429, problem details as the error body) is said here once; what a route has of its own
 * (its summary, the 400/404/409 it gives and why) is on its method.
 */
@Configuration
public class AdminApiDocument {

    /** The name of the security scheme in the document: Swagger UI's "Authorize" asks for this token. */
    public static final String ADMIN_TOKEN = "adminToken";
    public static final String PROBLEM = "ProblemDetail";

    @Bean
    OpenAPI adminApiDescription() {
        String version = AdminApiDocument.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Incoming webhooks: admin API")
                        .version(version == null ? "development" : version)
                        .description("""
                                Endpoints that receive the platforms' webhooks, the contacts and mailing lists they \
                                keep in sync, the trigger events recorded for Kafka, and the webhook log with its \
                                replays. Every route takes the admin token as `Authorization: Bearer <token>`; errors \
                                are RFC 9457 problem details (`application/problem+json`)."""))
                .components(new Components()
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("The admin token: `LOOPS_ADMIN_TOKEN`, or the one a first start printed."))
                        .addSchemas(PROBLEM, problemSchema()))
                // relative: the routes are wherever the document was read from, behind any proxy
                .addServersItem(new Server().url("/"))
                .addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN));
    }

    /**
     * Adds to every operation the answers every route of its kind gives: 401 and 429 from the security filters (no
     * controller sees them), 400 where Spring refuses an unreadable body or a parameter of the wrong type, 404 where
     * the path names a resource by id (every such route looks it up first). A route's own declaration of one of
     * these codes wins. Every 4xx answer is problem details (Spring's, with spring.mvc.problemdetails, and the
     * security filters'), and so is a 5xx a route declares without a body of its own. The codes are listed in order,
     * and the paging parameters of every list ({@link Page}) say what they take.
     */
    @Bean
    OpenApiCustomizer sharedResponses() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            describePaging(operation);
            ApiResponses responses = operation.getResponses();
            if (takesInput(operation)) {
                responses.computeIfAbsent("400", code -> problem("A parameter or the body is not valid: the "
                        + "problem's detail says which (a field the API does not know is an error too)"));
            }
            if (path.contains("{id}")) {
                responses.computeIfAbsent("404", code -> problem("Nothing has this id"));
            }
            responses.computeIfAbsent("401", code -> problem("No admin token, or not the admin token"));
            responses.computeIfAbsent("429", code -> problem("Too many failed logins from this address: "
                    + "wait the seconds of `Retry-After`"));
            // springdoc gives a declared response without content the method's return type: for a 4xx that is wrong
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || (code.startsWith("5") && response.getContent() == null)) {
                    response.setContent(problemContent());
                }
            });
            Map<String, ApiResponse> inOrder = new TreeMap<>(responses);
            responses.clear();
            responses.putAll(inOrder);
        }));
    }

    private static void describePaging(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getDescription() == null && "query".equals(parameter.getIn())) {
                if ("limit".equals(parameter.getName())) {
                    parameter.description("How many, newest first: 1 to " + Page.MAX_LIMIT + "; default 50");
                } else if ("offset".equals(parameter.getName())) {
                    parameter.description("How many to skip; default 0");
                }
            }
        }
    }

    private static boolean takesInput(Operation operation) {
        return operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description);
    }

    private static Content problemContent() {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /** RFC 9457, as Spring's {@code ProblemDetail} writes it. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error, as RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Not Found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().description("What went wrong, for the person reading it")
                        .example("No endpoint with id 3vQmXgE0Y1r4uJpZkq2LrA"))
                .addProperty("instance", new StringSchema().format("uri").example("/api/endpoints/3vQmXgE0Y1r4uJpZkq2LrA"));
    }
}
