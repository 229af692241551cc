package dev.loops.webhooks.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import dev.loops.webhooks.api.Page;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The audience as webhooks left it: {@code GET /api/contacts?email=}, and {@code GET /api/contacts/{id}}
 * with the contact's mailing lists.
 */
@RestController
@RequestMapping("/api/contacts")
public class ContactController {

    private static final String COLUMNS = "SELECT id, email, first_name, last_name, source, user_group, "
            + "stripe_customer_id, subscribed, created_at, updated_at FROM contact ";

    private final JdbcClient jdbc;
    private final MailingListRepository mailingLists;

    public ContactController(JdbcClient jdbc, MailingListRepository mailingLists) {
        this.jdbc = jdbc;
        this.mailingLists = mailingLists;
    }

    @GetMapping
    public List<ContactView> list(@RequestParam(required = false) String email,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) Integer offset) {
        Page page = Page.of(limit, offset);
        if (email != null) {
            return jdbc.sql(COLUMNS + "WHERE email_key = :emailKey")
                    .param("emailKey", EmailAddress.key(email.trim()))
                    .query(ContactController::map)
                    .list();
        }
        return jdbc.sql(COLUMNS + "ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("limit", page.limit())
                .param("offset", page.offset())
                .query(ContactController::map)
                .list();
    }

    @GetMapping("/{id}")
    public ContactView get(@PathVariable long id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id")
                .param("id", id)
                .query(ContactController::map)
                .optional()
                .map(contact -> contact.withMailingLists(mailingLists.memberships(id)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No contact with id " + id));
    }

    private static ContactView map(ResultSet rs, int row) throws SQLException {
        return new ContactView(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("source"), rs.getString("user_group"),
                rs.getString("stripe_customer_id"), rs.getBoolean("subscribed"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class), null);
    }
}
