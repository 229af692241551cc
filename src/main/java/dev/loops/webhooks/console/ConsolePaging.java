package dev.loops.webhooks.console;

import java.util.List;
import java.util.function.Function;

import dev.loops.webhooks.api.Page;

/**
 * One page of a newest-first list in the console: {@code ?page=1} is the newest {@value #SIZE}. One row more than
 * shown is read, to know whether there is an older page.
 */
public record ConsolePaging<T>(List<T> rows, int page, boolean hasOlder) {

    static final int SIZE = 25;

    static <T> ConsolePaging<T> of(Integer page, Function<Page, List<T>> query) {
        int number = page == null || page < 1 ? 1 : page;
        List<T> rows = query.apply(new Page(SIZE + 1, (number - 1) * SIZE));
        return new ConsolePaging<>(rows.size() > SIZE ? rows.subList(0, SIZE) : rows, number, rows.size() > SIZE);
    }

    public boolean hasNewer() {
        return page > 1;
    }
}
