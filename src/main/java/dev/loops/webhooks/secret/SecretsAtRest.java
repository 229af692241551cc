package dev.loops.webhooks.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Encrypts the secrets stored in plain text (by a version that did not seal them) at start. Each value is
 * replaced in its own statement and only while it is still the plain one, so a start that stops half way, a second
 * run or a second instance doing the same loses nothing and changes nothing twice.
 */
@Component
public class SecretsAtRest implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsAtRest.class);

    private final StoredSecrets stored;
    private final SecretCipher cipher;

    public SecretsAtRest(StoredSecrets stored, SecretCipher cipher) {
        this.stored = stored;
        this.cipher = cipher;
    }

    /** Runs while the context is built, so before the web server takes its first webhook (runners come after). */
    @Override
    public void afterPropertiesSet() {
        int sealed = sealPlainSecrets();
        if (sealed > 0) {
            LOG.info("Encrypted {} stored secrets that were in plain text", sealed);
        }
    }

    /** @return how many values it encrypted */
    public int sealPlainSecrets() {
        int sealed = 0;
        for (StoredSecrets.PlainSecret plain : stored.plainSecrets()) {
            if (stored.replace(plain, cipher.seal(plain.value()))) {
                sealed++;
            }
        }
        return sealed;
    }
}
