package dev.loops.webhooks.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/** What every console page may use: the address of the list it shows, for its pager's links. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    /** The page's own address with its filters; for a refreshed table (…/rows), the page it sits on. */
    @ModelAttribute("here")
    UriComponentsBuilder here(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.endsWith("/rows")) {
            path = path.substring(0, path.length() - "/rows".length());
        }
        // the path and the query as the browser sent them (already encoded), never the Host header
        return UriComponentsBuilder.fromPath(path).query(request.getQueryString());
    }
}
