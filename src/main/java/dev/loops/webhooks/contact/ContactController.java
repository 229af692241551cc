package dev.loops.webhooks.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.contact.ContactView.Identity;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The audience as webhooks left it: {@code GET /api/contacts} (newest first), {@code ?email=},
 * {@code ?identity=<provider>:<id>}, and {@code GET /api/contacts/{id}} with the contact's mailing lists. Each
 * contact lists the platform identities it is known by.
 */
@RestController
@RequestMapping("/api/contacts")
public class ContactController {

    private static final String COLUMNS = "SELECT contact.id, email, first_name, last_name, source, user_group, "
            + "subscribed, contact.created_at, updated_at FROM contact ";

    private final JdbcClient jdbc;
    private final MailingListRepository mailingLists;

    public ContactController(JdbcClient jdbc, MailingListRepository mailingLists) {
        this.jdbc = jdbc;
        this.mailingLists = mailingLists;
    }

    @GetMapping
    public List<ContactView> list(@RequestParam(required = false) String email,
                                  @RequestParam(required = false) String identity,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) Integer offset) {
        Page page = Page.of(limit, offset);
        List<ContactView> contacts;
        if (email != null) {
            contacts = jdbc.sql(COLUMNS + "WHERE email_key = :emailKey")
                    .param("emailKey", EmailAddress.key(email.trim()))
                    .query(ContactController::map)
                    .list();
        } else if (identity != null) {
            int colon = identity.indexOf(':');
            if (colon < 1 || colon == identity.length() - 1) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "identity must be <provider>:<id>, e.g. clerk:user_2x... or stripe:cus_...");
            }
            contacts = jdbc.sql(COLUMNS + "JOIN contact_identity ON contact_identity.contact_id = contact.id "
                            + "WHERE contact_identity.provider = :provider AND contact_identity.external_id = :id")
                    .param("provider", identity.substring(0, colon))
                    .param("id", identity.substring(colon + 1))
                    .query(ContactController::map)
                    .list();
        } else {
            contacts = jdbc.sql(COLUMNS + "ORDER BY contact.id DESC LIMIT :limit OFFSET :offset")
                    .param("limit", page.limit())
                    .param("offset", page.offset())
                    .query(ContactController::map)
                    .list();
        }
        Map<Long, List<Identity>> identities = identities(contacts.stream().map(ContactView::id).toList());
        return contacts.stream().map(contact -> contact.with(identities.getOrDefault(contact.id(), List.of()), null)).toList();
    }

    @GetMapping("/{id}")
    public ContactView get(@PathVariable long id) {
        return jdbc.sql(COLUMNS + "WHERE contact.id = :id")
                .param("id", id)
                .query(ContactController::map)
                .optional()
                .map(contact -> contact.with(identities(List.of(id)).getOrDefault(id, List.of()), mailingLists.memberships(id)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No contact with id " + id));
    }

    private Map<Long, List<Identity>> identities(List<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        record Row(long contactId, Identity identity) {
        }
        return jdbc.sql("SELECT contact_id, provider, external_id FROM contact_identity WHERE contact_id IN (:ids) "
                        + "ORDER BY provider, created_at, external_id")
                .param("ids", contactIds)
                .query((rs, row) -> new Row(rs.getLong("contact_id"),
                        new Identity(rs.getString("provider"), rs.getString("external_id"))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(Row::contactId,
                        Collectors.mapping(Row::identity, Collectors.toCollection(ArrayList::new))));
    }

    private static ContactView map(ResultSet rs, int row) throws SQLException {
        return new ContactView(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("source"), rs.getString("user_group"),
                rs.getBoolean("subscribed"), List.of(), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), null);
    }
}
