package dev.loops.webhooks.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonNameTest {

    @Test
    void splitsTheFirstWordFromTheRest() {
        assertThat(PersonName.split("Jane Doe")).isEqualTo(new PersonName("Jane", "Doe"));
        assertThat(PersonName.split("  Maria  de la  Cruz ")).isEqualTo(new PersonName("Maria", "de la  Cruz"));
        assertThat(PersonName.split("Zoë 李小龍 Ångström 🚀")).isEqualTo(new PersonName("Zoë", "李小龍 Ångström 🚀"));
    }

    @Test
    void leavesUnknownPartsNullSoTheyNeverOverwriteANameWithNothing() {
        assertThat(PersonName.split("Copple")).isEqualTo(new PersonName("Copple", null));
        assertThat(PersonName.split(null)).isEqualTo(PersonName.UNKNOWN);
        assertThat(PersonName.split("   ")).isEqualTo(PersonName.UNKNOWN);
    }

    @Test
    void cutsOverlongPartsWithoutBreakingACharacter() {
        String emojis = "🚀".repeat(250);
        PersonName name = PersonName.split(emojis);
        assertThat(name.firstName().codePointCount(0, name.firstName().length())).isEqualTo(200);
        assertThat(name.firstName()).isEqualTo("🚀".repeat(200));
    }
}
