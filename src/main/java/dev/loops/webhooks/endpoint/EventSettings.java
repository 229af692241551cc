package dev.loops.webhooks.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an endpoint does with one event type it processes.
 *
 * @param triggerEvent name of the trigger event recorded for the contact (e.g. {@code successfulPayment}),
 *                     or null to only keep the contact in sync
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSettings(String triggerEvent) {

    public static final EventSettings SYNC_ONLY = new EventSettings(null);
}
