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
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The audience as webhooks left it, for the admin API and the console: newest first, by email, by platform
 * identity, by a search, and one contact with its mailing lists. Each contact lists the identities it is known by.
 */
@Component
public class ContactDirectory {

    private static final String COLUMNS = "SELECT contact.id, email, first_name, last_name, source, user_group, "
            + "subscribed, contact.created_at, updated_at FROM contact ";

    private final JdbcClient jdbc;
    private final MailingListRepository mailingLists;

    public ContactDirectory(JdbcClient jdbc, MailingListRepository mailingLists) {
        this.jdbc = jdbc;
        this.mailingLists = mailingLists;
    }

    public List<ContactView> list(String email, String identity, Page page) {
        List<ContactView> contacts;
        if (email != null) {
            contacts = jdbc.sql(COLUMNS + "WHERE email_key = :emailKey")
                    .param("emailKey", EmailAddress.key(email.trim()))
                    .query(ContactDirectory::map)
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
                    .query(ContactDirectory::map)
                    .list();
        } else {
            contacts = jdbc.sql(COLUMNS + "ORDER BY contact.id DESC LIMIT :limit OFFSET :offset")
                    .param("limit", page.limit())
                    .param("offset", page.offset())
                    .query(ContactDirectory::map)
                    .list();
        }
        return withIdentities(contacts);
    }

    /**
     * The console's search box: part of an address, or a platform's id for the person (cus_..., user_...), or
     * nothing for everyone; newest first.
     */
    public List<ContactView> search(String text, Page page) {
        String query = text == null ? "" : text.trim();
        if (query.isEmpty()) {
            return list(null, null, page);
        }
        return withIdentities(jdbc.sql(COLUMNS + "WHERE email_key LIKE :part ESCAPE '!' OR contact.id IN "
                        + "(SELECT contact_id FROM contact_identity WHERE external_id = :id) "
                        + "ORDER BY contact.id DESC LIMIT :limit OFFSET :offset")
                .param("part", "%" + EmailAddress.key(query).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
                .param("id", query)
                .param("limit", page.limit())
                .param("offset", page.offset())
                .query(ContactDirectory::map)
                .list());
    }

    public ContactView get(long id) {
        return jdbc.sql(COLUMNS + "WHERE contact.id = :id")
                .param("id", id)
                .query(ContactDirectory::map)
                .optional()
                .map(contact -> contact.with(identities(List.of(id)).getOrDefault(id, List.of()), mailingLists.memberships(id)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No contact with id " + id));
    }

    private List<ContactView> withIdentities(List<ContactView> contacts) {
        Map<Long, List<Identity>> identities = identities(contacts.stream().map(ContactView::id).toList());
        return contacts.stream().map(contact -> contact.with(identities.getOrDefault(contact.id(), List.of()), null)).toList();
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
