package dev.loops.webhooks.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void keepsTheAddressAsWrittenAndMatchesItLowerCased() {
        assertThat(EmailAddress.clean("  Zoe.Li@Example.COM ")).isEqualTo("Zoe.Li@Example.COM");
        assertThat(EmailAddress.key("Zoe.Li@Example.COM")).isEqualTo("zoe.li@example.com");
    }

    @Test
    void refusesWhatCannotBeAnAddress() {
        assertThat(EmailAddress.clean(null)).isNull();
        assertThat(EmailAddress.clean("")).isNull();
        assertThat(EmailAddress.clean("Customer for t@t")).isNull();
        assertThat(EmailAddress.clean("no-at-sign.example.com")).isNull();
        assertThat(EmailAddress.clean("two@@example.com")).isNull();
        assertThat(EmailAddress.clean("a".repeat(65) + "@example.com")).isNull();
    }
}
