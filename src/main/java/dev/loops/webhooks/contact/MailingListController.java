package dev.loops.webhooks.contact;

import java.net.URI;
import java.text.Normalizer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Mailing lists: {@code POST /api/mailing-lists {"name": "Product updates"}} (the id is a slug of the name
 * unless given), {@code GET /api/mailing-lists}, {@code GET/DELETE /api/mailing-lists/{id}}.
 */
@RestController
@RequestMapping("/api/mailing-lists")
@Tag(name = "Mailing lists", description = "Lists an endpoint's event types subscribe contacts to")
public class MailingListController {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final MailingListRepository lists;
    private final Clock clock;

    public MailingListController(MailingListRepository lists, Clock clock) {
        this.lists = lists;
        this.clock = clock;
    }

    public record MailingListRequest(
            @Schema(description = "1 to 64 lower-case letters, digits, '_' or '-'; default: a slug of the name",
                    example = "product-updates")
            String id,
            @Schema(description = "At most 200 characters", example = "Product updates", requiredMode = Schema.RequiredMode.REQUIRED)
            String name,
            String description) {
    }

    @Operation(operationId = "createMailingList", summary = "Create a mailing list")
    @ApiResponse(responseCode = "201", description = "Created; `Location` is its address in this API")
    @ApiResponse(responseCode = "400", description = "No name, a name over 200 characters, or an id of another form")
    @ApiResponse(responseCode = "409", description = "A mailing list with this id exists already")
    @PostMapping
    public ResponseEntity<MailingList> create(@RequestBody MailingListRequest request) {
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name is required (at most 200 characters)");
        }
        String id = request.id() != null ? request.id() : slug(request.name());
        if (!ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "id must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit");
        }
        MailingList list = new MailingList(id, request.name().trim(), request.description(),
                OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
        if (!lists.insert(list)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A mailing list with id " + id + " exists already");
        }
        return ResponseEntity.created(URI.create("/api/mailing-lists/" + id)).body(list);
    }

    @Operation(operationId = "listMailingLists", summary = "List the mailing lists")
    @GetMapping
    public List<MailingList> list() {
        return lists.findAll();
    }

    @Operation(operationId = "getMailingList", summary = "Get a mailing list")
    @GetMapping("/{id}")
    public MailingList get(@PathVariable String id) {
        return lists.findById(id).orElseThrow(() -> notFound(id));
    }

    @Operation(operationId = "deleteMailingList", summary = "Delete a mailing list")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (!lists.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** "Product Updates 2026" -> "product-updates-2026". */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 64 ? slug.substring(0, 64) : slug;
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No mailing list with id " + id);
    }
}
