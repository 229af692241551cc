package dev.loops.webhooks.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Evaluates a jq expression of a platform's route file from Java, with Camel's jq language: the same engine and
 * functions as the routes' jq, each expression compiled once per text (a reloaded file brings new text).
 */
@Component
public class JqExpressions {

    private final ObjectProvider<CamelContext> camel;
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    public JqExpressions(ObjectProvider<CamelContext> camel) {
        this.camel = camel;
    }

    /**
     * The expression's result over {@code input}.
     *
     * @throws IllegalArgumentException when the expression fails on the input
     */
    public JsonNode evaluate(String expression, JsonNode input) {
        CamelContext context = camel.getObject();
        Expression jq = compiled.computeIfAbsent(expression, text -> context.resolveLanguage("jq").createExpression(text));
        DefaultExchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(input);
        JsonNode result;
        try {
            result = jq.evaluate(exchange, JsonNode.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (exchange.getException() != null) {
            throw new IllegalArgumentException(exchange.getException().getMessage(), exchange.getException());
        }
        return result;
    }
}
