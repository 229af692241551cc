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
        assertThat(EmailAddress.clean("jane\u0000@example.com")).isNull();
        assertThat(EmailAddress.clean("jane@exa\u0001mple.com")).isNull();
        assertThat(EmailAddress.clean("jane\ud800@example.com")).isNull();
        // 206 characters, but its lower-cased key would be 406 (İ lower-cases to two): no column holds that key
        assertThat(EmailAddress.clean("a@" + "\u0130".repeat(200) + ".com")).isNull();
        assertThat(EmailAddress.clean("a@" + "\u0130".repeat(150) + ".com")).isNotNull();
    }
}
