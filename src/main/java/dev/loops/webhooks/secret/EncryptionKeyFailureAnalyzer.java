package dev.loops.webhooks.secret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows a key problem as Spring Boot's "APPLICATION FAILED TO START" report, not at the end of a stack trace. */
class EncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<EncryptionKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EncryptionKeyException cause) {
        return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
    }
}
