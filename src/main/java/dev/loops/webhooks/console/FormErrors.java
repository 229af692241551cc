package dev.loops.webhooks.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loops.webhooks.endpoint.InvalidEndpointException;
import dev.loops.webhooks.endpoint.InvalidEndpointException.Problem;

/**
 * Why a form was not saved, as a page shows it: every problem in a summary at the top of the page, and each
 * again next to the field it is about (keyed by the admin API's field name, e.g.
 * {@code events.invoice.paid.triggerEvent}).
 */
public record FormErrors(List<String> summary, Map<String, String> byField) {

    static FormErrors of(InvalidEndpointException invalid) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (Problem problem : invalid.problems()) {
            if (problem.field() != null) {
                byField.merge(problem.field(), problem.message(), (first, second) -> first + "; " + second);
            }
        }
        return new FormErrors(invalid.problems().stream().map(Problem::message).toList(), byField);
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String of(String field) {
        return byField.get(field);
    }
}
