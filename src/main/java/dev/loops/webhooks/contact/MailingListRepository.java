package dev.loops.webhooks.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class MailingListRepository {

    private final JdbcClient jdbc;

    public MailingListRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<MailingList> findAll() {
        return jdbc.sql("SELECT * FROM mailing_list ORDER BY name, id").query(MailingListRepository::map).list();
    }

    public Optional<MailingList> findById(String id) {
        return jdbc.sql("SELECT * FROM mailing_list WHERE id = :id").param("id", id).query(MailingListRepository::map).optional();
    }

    /** Which of these ids name an existing list. */
    public Set<String> existing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT id FROM mailing_list WHERE id IN (:ids)")
                .param("ids", ids)
                .query(String.class)
                .list());
    }

    /** Inserts the list unless its id is taken; true when it was inserted. */
    public boolean insert(MailingList list) {
        return jdbc.sql("""
                        INSERT INTO mailing_list (id, name, description, created_at)
                        VALUES (:id, :name, :description, :createdAt) ON CONFLICT DO NOTHING
                        """)
                .param("id", list.id())
                .param("name", list.name())
                .param("description", list.description())
                .param("createdAt", list.createdAt())
                .update() == 1;
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM mailing_list WHERE id = :id").param("id", id).update() == 1;
    }

    /** The lists a contact is subscribed to, with when. */
    public List<ContactView.Membership> memberships(long contactId) {
        return jdbc.sql("""
                        SELECT l.id, l.name, m.subscribed_at FROM contact_mailing_list m
                        JOIN mailing_list l ON l.id = m.mailing_list_id
                        WHERE m.contact_id = :contactId ORDER BY l.name, l.id
                        """)
                .param("contactId", contactId)
                .query((rs, row) -> new ContactView.Membership(rs.getString("id"), rs.getString("name"),
                        rs.getObject("subscribed_at", OffsetDateTime.class)))
                .list();
    }

    private static MailingList map(ResultSet rs, int row) throws SQLException {
        return new MailingList(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
