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
    void cutsOverlongPartsToTheColumnWithoutBreakingACharacter() {
        // H2 counts a VARCHAR(200) in UTF-16 units, PostgreSQL in characters: 200 units fit both
        assertThat(PersonName.split("🚀".repeat(250)).firstName()).isEqualTo("🚀".repeat(100));
        assertThat(PersonName.split("a" + "🚀".repeat(250)).firstName()).isEqualTo("a" + "🚀".repeat(99));
        assertThat(PersonName.split("x".repeat(300)).firstName()).hasSize(200);
    }

    @Test
    void dropsWhatNoColumnHolds() {
        assertThat(PersonName.split("Ja\u0000ne Do\u0000e")).isEqualTo(new PersonName("Jane", "Doe"));
        assertThat(PersonName.split("\u0000")).isEqualTo(PersonName.UNKNOWN);
        assertThat(PersonName.split("Jane \ud800")).isEqualTo(new PersonName("Jane", "\ufffd"));
    }
}
