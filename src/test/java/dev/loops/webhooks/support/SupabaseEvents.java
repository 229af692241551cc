package dev.loops.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Supabase Database Webhook bodies from src/test/resources/supabase, as Supabase's trigger sends them (jsonb text:
 * keys ordered by length, ", " and ": " separators, no trailing newline), and the header that carries the secret
 * the endpoint issued, which the user adds under the hook's HTTP Headers.
 */
public final class SupabaseEvents {

    public static final String SECRET_HEADER = "X-Webhook-Secret";

    private SupabaseEvents() {
    }

    public static byte[] fixture(String name) {
        try (InputStream in = SupabaseEvents.class.getResourceAsStream("/supabase/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture supabase/" + name + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request headers of a delivery from a hook configured with this secret, Content-Type included. */
    public static String[] headers(String secret) {
        return new String[] {"Content-Type", "application/json", SECRET_HEADER, secret};
    }
}
