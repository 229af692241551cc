package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Paths written in another form than their canonical one, sent raw (an HTTP client would normalise them), by
 * anyone: a 400 or 404, and nothing in the log (they used to be a 500 and a stack trace each).
 */
@ExtendWith(OutputCaptureExtension.class)
class OddPathsTest extends ServiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"/actuator//jolokia/x", "/actuator/jolokia;x=1/x", "/actuator/./jolokia/x",
            "/actuator/%6aolokia/x", "/api/../actuator/jolokia", "/actuator/hawtio/%2e%2e/jolokia", "//api/endpoints",
            "/webhooks/stripe/%77e_AAAAAAAAAAAAAAAAAAAAAAAA", "/api;jsessionid=1/endpoints", "/actuator/%2fjolokia",
            "/actuator/health/..", "/x%25y"})
    void anOddPathIsRefusedWithoutAStackTrace(String path, CapturedOutput output) throws IOException {
        int before = output.getAll().length();

        String response = rawGet(path);

        assertThat(response).matches("(?s)HTTP/1\\.1 (400|404) .*");
        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(" ERROR ")
                .doesNotContain(" WARN ");
    }

    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
