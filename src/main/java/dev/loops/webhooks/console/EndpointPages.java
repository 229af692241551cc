package dev.loops.webhooks.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.contact.MailingListRepository;
import dev.loops.webhooks.delivery.DeliveryLog;
import dev.loops.webhooks.delivery.DeliveryView;
import dev.loops.webhooks.endpoint.DeletionAction;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.EndpointView;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.InvalidEndpointException;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.CatalogEntry;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.webhook.TestEventReply;
import dev.loops.webhooks.webhook.TestEvents;
import java.time.Clock;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The endpoints pages: the list (refreshed while open), a new endpoint per platform, and an endpoint's page with
 * its URL, its secret (write-only), its event types and its recent deliveries. Every change goes through
 * {@link EndpointService}, as the admin API's do.
 */
@Controller
@RequestMapping("/console/endpoints")
public class EndpointPages {

    /** A row of the list: the endpoint, its platform's name for people, how many types it processes, its newest delivery. */
    public record EndpointRow(EndpointView endpoint, String platformLabel, long activeTypes, DeliveryView lastDelivery) {
    }

    /** One type of the platform's catalog as the endpoint's form shows it. */
    public record EventTypeRow(CatalogEntry entry, boolean active, EventSettings settings) {
    }

    private final EndpointService endpoints;
    private final EventCatalog catalog;
    private final DeliveryLog deliveries;
    private final MailingListRepository mailingLists;
    private final LoopsProperties properties;
    private final Clock clock;
    private final TestEvents testEvents;
    private final ObjectMapper json;

    public EndpointPages(EndpointService endpoints, EventCatalog catalog, DeliveryLog deliveries,
                         MailingListRepository mailingLists, LoopsProperties properties, Clock clock,
                         TestEvents testEvents, ObjectMapper json) {
        this.json = json;
        this.testEvents = testEvents;
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.deliveries = deliveries;
        this.mailingLists = mailingLists;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    public String list(Model model) {
        model.addAttribute("rows", rows());
        model.addAttribute("platforms", catalog.platforms());
        return "console/endpoints";
    }

    /** The list's table alone, which the page fetches again every few seconds. */
    @GetMapping("/rows")
    public String rowsFragment(Model model) {
        model.addAttribute("rows", rows());
        return "console/endpoints :: rows";
    }

    /** A new endpoint of the platform, with the types its file suggests; a name the service refuses shows the list again with the reason. */
    @PostMapping
    public String create(@RequestParam String platform, @RequestParam String name, Model model,
                         HttpServletResponse response, RedirectAttributes redirect) {
        WebhookEndpoint created;
        try {
            created = endpoints.create(new EndpointDraft(platform, name, null, null, true,
                    endpoints.suggestedEvents(platform), null));
        } catch (InvalidEndpointException invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("errors", FormErrors.of(invalid));
            model.addAttribute("draft", Map.of("platform", platform, "name", name));
            return list(model);
        } catch (ResponseStatusException refused) {
            redirect.addFlashAttribute("error", refused.getReason());
            return "redirect:/console/endpoints";
        }
        showIssuedSecretOnce(created, redirect);
        redirect.addFlashAttribute("notice", "Endpoint created. Copy its URL into " + label(platform) + ".");
        return "redirect:/console/endpoints/" + created.id();
    }

    @GetMapping("/{id}")
    public String endpoint(@PathVariable String id, Model model) {
        WebhookEndpoint endpoint = endpoints.get(id);
        return endpointPage(endpoint, endpoint, model);
    }

    /** The page of the saved {@code endpoint}, its settings form filled from {@code form}: the saved values, or those of a refused form. */
    private String endpointPage(WebhookEndpoint endpoint, WebhookEndpoint form, Model model) {
        String id = endpoint.id();
        Platform platform = catalog.platform(endpoint.provider()).orElse(null);
        List<EventTypeRow> types = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries(endpoint.provider())) {
            EventSettings settings = form.events().get(entry.type());
            types.add(new EventTypeRow(entry, settings != null && settings.active(),
                    settings != null ? settings : EventSettings.triggering(entry.suggestedTriggerEvent())));
        }
        model.addAttribute("endpoint", view(endpoint));
        model.addAttribute("formName", form.name());
        model.addAttribute("formUserGroup", form.userGroup());
        model.addAttribute("platform", platform);
        model.addAttribute("types", types);
        model.addAttribute("deletionActions", DeletionAction.values());
        model.addAttribute("mailingLists", mailingLists.findAll());
        model.addAttribute("issuesSecrets", endpoints.secretHeaderName(endpoint.provider()).isPresent());
        model.addAttribute("recent", recentDeliveries(id));
        return "console/endpoint";
    }

    /** The page's recent deliveries alone, which it fetches again every few seconds. */
    @GetMapping("/{id}/recent")
    public String recentFragment(@PathVariable String id, Model model) {
        WebhookEndpoint endpoint = endpoints.get(id);
        model.addAttribute("endpoint", view(endpoint));
        model.addAttribute("platform", catalog.platform(endpoint.provider()).orElse(null));
        model.addAttribute("recent", recentDeliveries(id));
        return "console/endpoint :: recent-deliveries";
    }

    private List<DeliveryView> recentDeliveries(String endpointId) {
        return deliveries.list(new DeliveryLog.Filter(endpointId, null, null, null, null, null), new Page(5, 0));
    }

    /** A JSON reply indented for reading; anything else as it came. */
    private String readable(String body) {
        if (body == null) {
            return null;
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(body));
        } catch (JsonProcessingException notJson) {
            return body;
        }
    }

    /** The first secret, or a rotation that keeps the previous one valid for the chosen hours. */
    @PostMapping("/{id}/secret")
    public String secret(@PathVariable String id, @RequestParam(required = false) String signingSecret,
                         @RequestParam(defaultValue = "24") int previousValidForHours, Model model,
                         HttpServletResponse response, RedirectAttributes redirect) {
        WebhookEndpoint current = endpoints.get(id);
        try {
            WebhookEndpoint changed = current.signingSecret() == null
                    ? endpoints.update(id, new EndpointDraft(null, null, signingSecret, null, null, null, null))
                    : endpoints.rotateSecret(id, signingSecret, Duration.ofHours(previousValidForHours));
            showIssuedSecretOnce(changed, redirect);
            redirect.addFlashAttribute("notice", current.signingSecret() == null ? "Signing secret saved."
                    : "Signing secret replaced; the previous one verifies for " + previousValidForHours + " more hours.");
        } catch (InvalidEndpointException invalid) {
            // the refused secret is not shown again: the field stays empty
            return refusedForm(invalid, current, current, model, response);
        } catch (ResponseStatusException refused) {
            redirect.addFlashAttribute("error", refused.getReason());
        }
        return "redirect:/console/endpoints/" + id;
    }

    /**
     * The settings form: the endpoint's name and user group, and for each type of the catalog whether it is
     * processed ({@code on.<type>}), its trigger event, user group, names, deletion action and mailing lists.
     */
    @PostMapping("/{id}/settings")
    public String settings(@PathVariable String id, @RequestParam MultiValueMap<String, String> form, Model model,
                           HttpServletResponse response, RedirectAttributes redirect) {
        WebhookEndpoint current = endpoints.get(id);
        String name = form.getFirst("name");
        String userGroup = form.getFirst("userGroup") == null ? null : form.getFirst("userGroup").trim();
        Map<String, EventSettings> events = new LinkedHashMap<>();
        try {
            for (CatalogEntry entry : catalog.entries(current.provider())) {
                String type = entry.type();
                if (form.getFirst("shown." + type) == null) {
                    // a type added to the catalog since the page was loaded: keep what the endpoint has
                    if (current.events().containsKey(type)) {
                        events.put(type, current.events().get(type));
                    }
                    continue;
                }
                boolean on = form.getFirst("on." + type) != null;
                String trigger = blankToNull(form.getFirst("trigger." + type));
                String group = blankToNull(form.getFirst("group." + type));
                List<String> lists = form.getOrDefault("lists." + type, List.of()).stream()
                        .filter(list -> !list.isBlank()).toList();
                String deletion = blankToNull(form.getFirst("deletion." + type));
                if (!on && trigger == null && group == null && lists.isEmpty() && !current.events().containsKey(type)) {
                    continue;
                }
                EventSettings previous = current.events().get(type);
                events.put(type, new EventSettings(on ? null : false, trigger, group,
                        form.getFirst("names." + type) != null ? null : false,
                        entry.deletion() && deletion != null ? DeletionAction.of(deletion) : null,
                        lists.isEmpty() ? null : lists,
                        previous == null ? null : previous.triggerWhenUnchanged()));
            }
            endpoints.update(id, new EndpointDraft(null, name, null, userGroup, null, events, null));
            redirect.addFlashAttribute("notice", "Settings saved.");
        } catch (InvalidEndpointException invalid) {
            // the page again with what was typed, each problem next to its field
            WebhookEndpoint typed = new WebhookEndpoint(current.id(), current.provider(), name, current.signingSecret(),
                    current.previousSigningSecret(), current.previousSecretExpiresAt(), userGroup, events,
                    current.apiKey(), current.enabled(), current.managedBy(), current.createdAt(), current.updatedAt());
            return refusedForm(invalid, current, typed, model, response);
        } catch (ResponseStatusException | IllegalArgumentException refused) {
            redirect.addFlashAttribute("error", refused instanceof ResponseStatusException status ? status.getReason()
                    : refused.getMessage());
        }
        return "redirect:/console/endpoints/" + id;
    }

    /** Posts a signed sample of the type to the endpoint's own URL; the answer is the reply's fragment. */
    @PostMapping("/{id}/test-event")
    public String testEvent(@PathVariable String id, @RequestParam String type, Model model) {
        try {
            TestEventReply reply = testEvents.send(id, type);
            model.addAttribute("reply", reply);
            model.addAttribute("replyBody", readable(reply.body()));
        } catch (ResponseStatusException refused) {
            model.addAttribute("refusal", refused.getReason());
        }
        return "console/test-event :: test-event-result";
    }

    @PostMapping("/{id}/enabled")
    public String enabled(@PathVariable String id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            endpoints.update(id, new EndpointDraft(null, null, null, null, enabled, null, null));
            redirect.addFlashAttribute("notice", enabled ? "Endpoint enabled: its URL accepts events again."
                    : "Endpoint disabled: its URL refuses events until it is enabled again.");
        } catch (ResponseStatusException refused) {
            redirect.addFlashAttribute("error", refused.getReason());
        }
        return "redirect:/console/endpoints/" + id;
    }

    @PostMapping("/{id}/delete")
    public String delete(@PathVariable String id, RedirectAttributes redirect) {
        try {
            String name = endpoints.get(id).name();
            endpoints.delete(id);
            redirect.addFlashAttribute("notice", "Endpoint \"" + name + "\" deleted; its URL answers 404.");
            return "redirect:/console/endpoints";
        } catch (ResponseStatusException refused) {
            redirect.addFlashAttribute("error", refused.getReason());
            return "redirect:/console/endpoints/" + id;
        }
    }

    private String refusedForm(InvalidEndpointException invalid, WebhookEndpoint saved, WebhookEndpoint typed,
                               Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("errors", FormErrors.of(invalid));
        return endpointPage(saved, typed, model);
    }

    private List<EndpointRow> rows() {
        Map<String, DeliveryView> newest = deliveries.newestPerEndpoint();
        return endpoints.list().stream()
                .map(endpoint -> new EndpointRow(view(endpoint), label(endpoint.provider()),
                        endpoint.events().values().stream().filter(EventSettings::active).count(),
                        newest.get(endpoint.id())))
                .toList();
    }

    /** A platform that signs nothing gets a secret from the service: its header and value are shown on the next page only. */
    private void showIssuedSecretOnce(WebhookEndpoint endpoint, RedirectAttributes redirect) {
        endpoints.secretHeaderName(endpoint.provider()).ifPresent(header ->
                redirect.addFlashAttribute("secretHeader", new EndpointView.SecretHeader(header, endpoint.signingSecret())));
    }

    private EndpointView view(WebhookEndpoint endpoint) {
        return EndpointView.of(endpoint, properties.endpointUrl(endpoint.provider(), endpoint.id()), OffsetDateTime.now(clock));
    }

    private String label(String platform) {
        return catalog.platform(platform).map(Platform::label).orElse(platform);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
