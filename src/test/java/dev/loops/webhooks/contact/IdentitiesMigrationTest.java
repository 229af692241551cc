package dev.loops.webhooks.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.loops.webhooks.support.ScratchDatabase;
import org.junit.jupiter.api.Test;

/**
 * V6 moves contact.stripe_customer_id into contact_identity on a database filled by the migrations before it, on H2
 * and, in CI, on PostgreSQL: every customer id stays linked to the contact look-ups by customer id found (the
 * oldest one holding it), no contact is lost, and the column is gone.
 */
class IdentitiesMigrationTest {

    @Test
    void everyStripeCustomerIdBecomesAnIdentityOfTheContactThatHeldItFirst() {
        try (ScratchDatabase database = new ScratchDatabase().migratedTo("5")) {
            insertContact(database, "jane@example.com", "cus_jane");
            insertContact(database, "no-customer@example.com", null);
            insertContact(database, "first@example.com", "cus_shared");
            insertContact(database, "second@example.com", "cus_shared");
            insertContact(database, "max@example.com", "cus_max");

            database.migrated();

            assertThat(database.jdbc.sql("SELECT email FROM contact ORDER BY id").query(String.class).list())
                    .containsExactly("jane@example.com", "no-customer@example.com", "first@example.com",
                            "second@example.com", "max@example.com");
            List<Map<String, Object>> identities = database.jdbc.sql("""
                            SELECT contact.email, contact_identity.provider, contact_identity.external_id
                            FROM contact_identity JOIN contact ON contact.id = contact_identity.contact_id
                            ORDER BY contact_identity.external_id""").query().listOfRows();
            assertThat(identities).containsExactly(
                    Map.of("email", "jane@example.com", "provider", "stripe", "external_id", "cus_jane"),
                    Map.of("email", "max@example.com", "provider", "stripe", "external_id", "cus_max"),
                    Map.of("email", "first@example.com", "provider", "stripe", "external_id", "cus_shared"));
            assertThat(database.jdbc.sql("SELECT COUNT(*) FROM information_schema.columns "
                    + "WHERE LOWER(table_name) = 'contact' AND LOWER(column_name) = 'stripe_customer_id'")
                    .query(Long.class).single()).isZero();
        }
    }

    @Test
    void theEndpointsStripeApiKeyIsItsApiKeyAfterward() {
        try (ScratchDatabase database = new ScratchDatabase().migratedTo("5")) {
            database.jdbc.sql("""
                    INSERT INTO webhook_endpoint (id, provider, name, event_settings, stripe_api_key, created_at, updated_at)
                    VALUES ('we_migrated_000000000000000', 'stripe', 'Stripe', '{}', 'enc:v1:sealed', CURRENT_TIMESTAMP,
                            CURRENT_TIMESTAMP)""").update();

            database.migrated();

            assertThat(database.jdbc.sql("SELECT api_key FROM webhook_endpoint").query(String.class).single())
                    .isEqualTo("enc:v1:sealed");
        }
    }

    private static void insertContact(ScratchDatabase database, String email, String customerId) {
        database.jdbc.sql("""
                        INSERT INTO contact (email, email_key, source, stripe_customer_id, created_at, updated_at)
                        VALUES (:email, :email, 'Stripe webhook', :customer, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .param("email", email).param("customer", customerId).update();
    }
}
