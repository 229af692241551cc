package dev.loops.webhooks.platform;

/**
 * What a valid signature proved beyond the body: the message id the scheme signs with the body (Standard
 * Webhooks' {@code webhook-id}, the id a platform keeps on every retry), or null when the scheme has none.
 */
public record VerifiedSignature(String messageId) {

    public static final VerifiedSignature WITHOUT_MESSAGE_ID = new VerifiedSignature(null);
}
