package dev.loops.webhooks.platform;

/** A secret the service made for an endpoint: the header the platform must send, and its value (shown once). */
public record IssuedSecret(String headerName, String value) {
}
