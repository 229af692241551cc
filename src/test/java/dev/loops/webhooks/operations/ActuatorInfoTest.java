package dev.loops.webhooks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;

/** Versions tell an attacker which advisories apply: /actuator/info is the admin's. */
class ActuatorInfoTest extends ServiceTest {

    @Test
    void infoRequiresTheAdminLogin() {
        var anonymous = request("GET", "/actuator/info", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("version");

        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes());
        var admin = request("GET", "/actuator/info", null, "Authorization", basic);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("camel.version");
    }
}
