package dev.loops.webhooks.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Which slice of a newest-first list the caller asked for ({@code ?limit=&offset=}). */
public record Page(int limit, int offset) {

    public static final int MAX_LIMIT = 500;

    public static Page of(Integer limit, Integer offset) {
        int l = limit == null ? 50 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT || o < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + MAX_LIMIT + ", offset 0 or more");
        }
        return new Page(l, o);
    }
}
