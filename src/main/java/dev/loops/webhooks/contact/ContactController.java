package dev.loops.webhooks.contact;

import java.util.List;

import dev.loops.webhooks.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audience as webhooks left it: {@code GET /api/contacts} (newest first), {@code ?email=},
 * {@code ?identity=<provider>:<id>}, {@code ?q=} (part of an address, or a platform's id for the person), and
 * {@code GET /api/contacts/{id}} with the contact's mailing lists.
 */
@RestController
@RequestMapping("/api/contacts")
@Tag(name = "Contacts", description = "The audience as webhooks left it")
public class ContactController {

    private final ContactDirectory contacts;

    public ContactController(ContactDirectory contacts) {
        this.contacts = contacts;
    }

    @Operation(operationId = "listContacts", summary = "List or find contacts", description = """
            Newest first, a page at a time; or the contact with an address (`email`), the one a platform's id is \
            linked to (`identity`), or those a search finds (`q`).""")
    @ApiResponse(responseCode = "200", description = "The contacts, without their mailing lists")
    @ApiResponse(responseCode = "400", description = "An identity not of the form <provider>:<id>, or a page out of range")
    @GetMapping
    public List<ContactView> list(@Parameter(description = "The address, in any case") @RequestParam(required = false) String email,
                                  @Parameter(description = "<provider>:<id>, e.g. clerk:user_2x... or stripe:cus_...")
                                  @RequestParam(required = false) String identity,
                                  @Parameter(description = "Part of an address, or a platform's id for the person")
                                  @RequestParam(required = false) String q,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) Integer offset) {
        Page page = Page.of(limit, offset);
        return q != null && email == null && identity == null ? contacts.search(q, page) : contacts.list(email, identity, page);
    }

    @Operation(operationId = "getContact", summary = "Get a contact, with its mailing lists")
    @GetMapping("/{id}")
    public ContactView get(@PathVariable long id) {
        return contacts.get(id);
    }
}
