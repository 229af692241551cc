package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;

/** A generated admin token survives restarts as a hash, and is handed out exactly once. */
class AdminTokenTest extends ServiceTest {

    @Test
    void aGeneratedTokenIsShownOnceAndStillWorksAfterARestart() {
        jdbc.sql("DELETE FROM app_setting WHERE name = 'admin_token_sha256'").update();

        AdminToken firstStart = new AdminToken(new LoopsProperties(), jdbc);
        String token = firstStart.takeGeneratedToken().orElseThrow();
        assertThat(firstStart.takeGeneratedToken()).isEmpty();
        assertThat(firstStart.matches(token)).isTrue();
        assertThat(firstStart.matches(token + "x")).isFalse();
        assertThat(jdbc.sql("SELECT setting_value FROM app_setting WHERE name = 'admin_token_sha256'").query(String.class).single())
                .doesNotContain(token).hasSize(64);

        AdminToken restarted = new AdminToken(new LoopsProperties(), jdbc);
        assertThat(restarted.takeGeneratedToken()).isEmpty();
        assertThat(restarted.matches(token)).isTrue();
        jdbc.sql("DELETE FROM app_setting WHERE name = 'admin_token_sha256'").update();
    }

    @Test
    void aConfiguredTokenMustNotBeShort() {
        assertThatThrownBy(() -> withToken("secret")).hasMessageContaining("at least 32 characters, not 6");
        assertThatThrownBy(() -> withToken("a-31-character-token-0123456789")).hasMessageContaining("at least 32 characters");
    }

    @Test
    void aConfiguredTokenMustNotBeOfLowVariety() {
        assertThatThrownBy(() -> withToken("a".repeat(40))).hasMessageContaining("only 1 different characters");
        assertThatThrownBy(() -> withToken("passwordpasswordpasswordpassword")).hasMessageContaining("different characters");
        assertThatThrownBy(() -> withToken("0123456789abcdef".repeat(3))).hasMessageContaining("repeats a shorter string");
        assertThatThrownBy(() -> withToken("2024-12-01-2024-12-01-2024-12-01-2024"))
                .hasMessageContaining("different characters").hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void strongTokensAreAccepted() {
        assertThat(AdminToken.weakness("mR25jfHK4N2eSlzR_vdFv05LO7CB96FXlxwh0qJBHAE")).isEmpty();
        assertThat(AdminToken.weakness("Qk3x9Yc1hJ0mV7sZp2LrT8wE4nGdFa6uBq5oKi+Xy0M=")).isEmpty();
        assertThat(AdminToken.weakness("9f86d081884c7d659a2feaa0c55ad015")).isEmpty();
        assertThat(AdminToken.weakness(ADMIN_TOKEN)).isEmpty();
    }

    @Test
    void aGeneratedTokenCarriesAtLeast256Bits() {
        jdbc.sql("DELETE FROM app_setting WHERE name = 'admin_token_sha256'").update();
        String token = new AdminToken(new LoopsProperties(), jdbc).takeGeneratedToken().orElseThrow();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(AdminToken.weakness(token)).isEmpty();
        jdbc.sql("DELETE FROM app_setting WHERE name = 'admin_token_sha256'").update();
    }

    private AdminToken withToken(String token) {
        LoopsProperties properties = new LoopsProperties();
        properties.setAdminToken(token);
        return new AdminToken(properties, jdbc);
    }
}
