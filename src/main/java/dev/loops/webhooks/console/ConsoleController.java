package dev.loops.webhooks.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The console's way in: its login page, and the service's root leading to the console. */
@Controller
public class ConsoleController {

    @GetMapping({"/", "/console", "/console/"})
    public String home() {
        return "redirect:/console/endpoints";
    }

    @GetMapping("/console/login")
    public String login() {
        return "console/login";
    }

    /** Where a wrong token is forwarded to: the login page again, answered 401. */
    @RequestMapping("/console/login/failed")
    public String loginFailed(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("failed", true);
        return "console/login";
    }
}
