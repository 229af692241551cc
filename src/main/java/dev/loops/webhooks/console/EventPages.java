package dev.loops.webhooks.console;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.event.TriggerEventLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Trigger events, newest first, by name and address, with their publish state. */
@Controller
public class EventPages {

    private final TriggerEventLog events;
    private final LoopsProperties properties;

    public EventPages(TriggerEventLog events, LoopsProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    @GetMapping("/console/events")
    public String events(@RequestParam(required = false) String name, @RequestParam(required = false) String email,
                         @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("name", name);
        model.addAttribute("email", email);
        model.addAttribute("publishing", properties.getKafka().getBootstrapServers() != null
                && !properties.getKafka().getBootstrapServers().isBlank());
        model.addAttribute("events", ConsolePaging.of(page, slice -> events.list(email, name, slice)));
        return "console/events";
    }
}
