package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        LoopsProperties properties = new LoopsProperties();
        properties.setAdminToken("secret");
        assertThatThrownBy(() -> new AdminToken(properties, jdbc)).hasMessageContaining("at least 16 characters");
    }
}
