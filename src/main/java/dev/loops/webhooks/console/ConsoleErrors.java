package dev.loops.webhooks.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a console page says when the service refuses (a contact or delivery that does not exist, a filter that is
 * not one): the same message the admin API gives, on a page, with its status. First in line: Spring Boot's problem
 * details handler (order 0) would otherwise answer the console's refusals with JSON.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
class ConsoleErrors {

    @ExceptionHandler(ResponseStatusException.class)
    String refused(ResponseStatusException refusal, Model model, HttpServletResponse response) {
        response.setStatus(refusal.getStatusCode().value());
        model.addAttribute("status", refusal.getStatusCode().value());
        model.addAttribute("message", refusal.getReason());
        return "console/problem";
    }
}
