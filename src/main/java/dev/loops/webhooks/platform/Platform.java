package dev.loops.webhooks.platform;

/**
 * A platform as its route file declares it (routes/platforms/&lt;name&gt;.yaml, template {@code platform-webhook}).
 *
 * @param name        the URL segment and the endpoints' provider: {@code stripe}, {@code clerk}, ...
 * @param label       how people call it in messages: "Stripe"
 * @param source      the source of the contacts it creates: "Stripe webhook"
 * @param scheme      the bean name of its {@link SignatureScheme}
 * @param identity    what it calls the person its ids name: "customer", "user"
 * @param lookup      the bean name of its {@link PersonLookup} (its API, for events that name no email), or null
 * @param noEmailHint what the user can do when its events name nobody the service can find, or null
 * @param setup       where in the platform an endpoint URL is added, or null
 * @param sampleIdPrefix how its event ids begin ({@code evt_test_}), for the test events the service sends itself
 * @param stored      jq: what of an event the webhook log keeps
 * @param audience    the bean name of its {@code AudienceSource} (imports of its existing users), or null
 */
public record Platform(String name, String label, String source, String scheme, String identity, String lookup,
                       String noEmailHint, String setup, String sampleIdPrefix, String stored, String audience) {
}
