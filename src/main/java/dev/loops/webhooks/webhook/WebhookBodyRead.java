package dev.loops.webhooks.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;

import dev.loops.webhooks.endpoint.WebhookEndpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One webhook body, read without a thread waiting for the client: the container calls {@link #onDataAvailable}
 * as bytes arrive, and once the whole body is in, the request is dispatched again to run as usual with it
 * ({@link WebhookBodyFilter}). The body must arrive before the async timeout (loops.webhooks.body-read-timeout)
 * and fit the size limit and the memory budget, or it is refused and the connection closed.
 * <p>
 * After a refusal the rest of the body is read and dropped (up to the size limit, until the deadline), so a
 * client still sending sees the answer instead of a connection reset.
 */
final class WebhookBodyRead implements ReadListener, AsyncListener {

    /** The request attribute that carries the body to the dispatch that runs the route. */
    static final String BODY = WebhookBodyRead.class.getName() + ".body";

    private enum State { READING, DRAINING, HANDED_ON, FINISHED }

    private final AsyncContext async;
    private final ServletInputStream input;
    private final WebhookEndpoint endpoint;
    private final OffsetDateTime receivedAt;
    private final int maxBytes;
    private final WebhookBodyMemory memory;
    private final WebhookRefusals refusals;
    private final byte[] chunk = new byte[8192];
    private ByteArrayOutputStream body;
    private long reserved;
    private long dropped;
    private State state;

    WebhookBodyRead(AsyncContext async, WebhookEndpoint endpoint, OffsetDateTime receivedAt, int maxBytes,
                    WebhookBodyMemory memory, WebhookRefusals refusals) throws IOException {
        this.async = async;
        this.input = async.getRequest().getInputStream();
        this.endpoint = endpoint;
        this.receivedAt = receivedAt;
        this.maxBytes = maxBytes;
        this.memory = memory;
        this.refusals = refusals;
    }

    /** Reads the body of a request to a known endpoint. */
    synchronized void read() {
        long declared = async.getRequest().getContentLengthLong();
        body = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 16 * 1024) : 8192);
        state = State.READING;
        async.addListener(this);
        input.setReadListener(this);
    }

    /** Refuses the request before reading any of its body, answering through the filters' response. */
    synchronized void refuse(WebhookRefusal refusal, HttpServletResponse response) {
        async.addListener(this);
        answer(refusal, response);
        if (state == State.DRAINING) {
            input.setReadListener(this);
        }
    }

    @Override
    public synchronized void onDataAvailable() throws IOException {
        int n;
        while ((state == State.READING || state == State.DRAINING) && input.isReady() && (n = input.read(chunk)) >= 0) {
            if (state == State.READING) {
                keep(n);
            } else {
                drop(n);
            }
        }
    }

    @Override
    public synchronized void onAllDataRead() {
        if (state == State.READING) {
            state = State.HANDED_ON;
            async.getRequest().setAttribute(BODY, body.toByteArray());
            body = null;
            async.dispatch();
        } else if (state == State.DRAINING) {
            finish();
        }
    }

    /** The client went away, or the connection failed; once handed on, that is the route's to handle. */
    @Override
    public synchronized void onError(Throwable failure) {
        if (state == State.READING || state == State.DRAINING) {
            releaseMemory();
            finish();
        }
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        if (state == State.READING) {
            answer(WebhookRefusal.BODY_TOO_SLOW);
            finish();
        } else if (state == State.DRAINING) {
            finish();
        }
        // once handed on, the timeout is the route's own (spring.mvc.async.request-timeout), answered by Spring
    }

    /** Stays registered through the route's own async processing, to release the body's memory at its end. */
    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        releaseMemory();
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        releaseMemory();
    }

    private void keep(int n) {
        if (body.size() + n > maxBytes) {
            answer(WebhookRefusal.TOO_LARGE);
            drop(n);
        } else if (!memory.reserve(n)) {
            answer(WebhookRefusal.AT_CAPACITY);
            drop(n);
        } else {
            reserved += n;
            body.write(chunk, 0, n);
        }
    }

    private void drop(int n) {
        dropped += n;
        if (dropped > maxBytes) {
            finish();
        }
    }

    private void answer(WebhookRefusal refusal) {
        answer(refusal, (HttpServletResponse) async.getResponse());
    }

    private void answer(WebhookRefusal refusal, HttpServletResponse response) {
        state = State.DRAINING;
        body = null;
        releaseMemory();
        try {
            refusals.answer(response, refusal, endpoint, receivedAt);
        } catch (IOException clientGone) {
            finish();
        }
    }

    /** Completes the request; the answer's Connection: close makes the container close the connection. */
    private void finish() {
        if (state == State.FINISHED) {
            return;
        }
        state = State.FINISHED;
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container completed it after a failure
        }
    }

    private void releaseMemory() {
        memory.release(reserved);
        reserved = 0;
    }
}
