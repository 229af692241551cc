package dev.loops.webhooks.console;

import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.contact.ContactDirectory;
import dev.loops.webhooks.event.TriggerEventLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audience: contacts newest first, searched by address or platform id; a contact with its trigger events. */
@Controller
@RequestMapping("/console/audience")
public class AudiencePages {

    private final ContactDirectory contacts;
    private final TriggerEventLog events;

    public AudiencePages(ContactDirectory contacts, TriggerEventLog events) {
        this.contacts = contacts;
        this.events = events;
    }

    @GetMapping
    public String audience(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                           Model model) {
        model.addAttribute("q", q);
        model.addAttribute("contacts", ConsolePaging.of(page, slice -> contacts.search(q, slice)));
        return "console/audience";
    }

    @GetMapping("/{id}")
    public String contact(@PathVariable long id, Model model) {
        model.addAttribute("contact", contacts.get(id));
        model.addAttribute("events", events.ofContact(id, new Page(100, 0)));
        return "console/contact";
    }
}
