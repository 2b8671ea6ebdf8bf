package io.chronicleledger.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.Page;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.AccountView;
import io.chronicleledger.core.ledger.BalanceAt;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerQueries;
import io.chronicleledger.core.ledger.TransactionView;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.GlobalLogQuery;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.core.store.StreamRange;
import io.chronicleledger.server.api.schema.AccountJson;
import io.chronicleledger.server.api.schema.AccountPage;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.BalanceAtJson;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.chronicleledger.server.api.schema.EventPage;
import io.chronicleledger.server.api.schema.TransactionPage;
import io.chronicleledger.server.api.schema.TransferJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Query API: accounts, histories, transfers and the audit log from the read model, and time travel from
 * the event store.
 */
@Controller
@Tag(name = "Query API", description = "The read side, on the query port.")
@Server(url = "http://127.0.0.1:4001", description = "The query port (CHRONICLE_QUERY_PORT, default 4001)")
@ApiResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                description = "Seconds to wait before the next request.", schema = @Schema(type = "integer")),
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = ApiDocs.QUERY_UNAVAILABLE,
        headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                description = "Seconds to wait before trying again.", schema = @Schema(type = "integer")),
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class QueryController {

    private static final int DEFAULT_PAGE = 50;
    private static final long MAX_WAIT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 5;

    private final LedgerQueries queries;
    private final Ledger ledger;
    private final EventStore store;

    /**
     * Creates the controller.
     *
     * @param queries the read model
     * @param ledger  the ledger, for time travel
     * @param store   the event store, to tell how far the read model is behind
     */
    public QueryController(LedgerQueries queries, Ledger ledger, EventStore store) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Returns an account. With {@code min_position}, first waits (at most {@value #MAX_WAIT_MILLIS} ms) until
     * the read model shows every event of the account up to that global position, so that a client reads its
     * own writes.
     *
     * @param id          the account id
     * @param minPosition the global position a command answered, to read after
     * @return 200 with the account; 404 when unknown; 503 when the read model did not catch up in time
     * @throws InterruptedException when interrupted while waiting
     */
    @Get("/accounts/{id}")
    @Operation(operationId = "getAccount", summary = "Returns an account.", description = "Returns an account as"
            + " the read model shows it. With min_position, first waits (at most " + MAX_WAIT_MILLIS + " ms) until"
            + " the read model shows every event of the account up to that global position, so that a client reads"
            + " its own writes.")
    @ApiResponse(responseCode = "200", description = "The account.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = AccountJson.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.QUERY_400 + ".",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: the account does not exist.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "READ_MODEL_BEHIND: the read model did not reach min_position"
            + " within " + MAX_WAIT_MILLIS + " ms; retry shortly. " + ApiDocs.QUERY_UNAVAILABLE,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> account(
            @Parameter(description = ApiDocs.ACCOUNT_ID,
                    schema = @Schema(type = "string", pattern = ApiDocs.ACCOUNT_ID_PATTERN))
            @PathVariable String id,
            @Parameter(description = "The global position a command answered (its position), to read after.",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @QueryValue("min_position") @Nullable String minPosition)
            throws InterruptedException {
        OptionalLong position = QueryParameters.number("min_position", minPosition);
        if (position.isPresent()) {
            awaitReadModel(QueryParameters.accountId("id", id), position.getAsLong());
        }
        return JsonResponses.json(HttpStatus.OK, Views.account(knownAccount(id)));
    }

    /** Waits until the read model has applied every event of an account up to a global position. */
    private void awaitReadModel(AccountId accountId, long position) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        while (true) {
            long applied = queries.account(accountId.value()).map(AccountView::version).orElse(0L);
            List<RecordedEvent> next = store.readStream(accountId.value(),
                    StreamRange.from(applied + 1).upToVersion(applied + 1));
            if (next.isEmpty() || next.get(0).position() > position) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "READ_MODEL_BEHIND", "the read model has"
                        + " not reached position " + position + " yet; retry shortly", "min_position");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Returns a page of accounts, by id.
     *
     * @param after the id to start after
     * @param limit the page size, 1 to 1000 (default 50)
     * @return 200 with the accounts
     */
    @Get("/accounts")
    @Operation(operationId = "listAccounts", summary = "Returns a page of accounts, by id.")
    @ApiResponse(responseCode = "200", description = "The page.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = AccountPage.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.QUERY_400 + ".",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> accounts(
            @Parameter(description = "The account id to start after (the previous page's next_after); from the"
                    + " first account when absent.",
                    schema = @Schema(type = "string", pattern = ApiDocs.ACCOUNT_ID_PATTERN))
            @QueryValue @Nullable String after,
            @Parameter(description = ApiDocs.LIMIT,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
                            defaultValue = "50"))
            @QueryValue @Nullable String limit) {
        String start = after == null ? "" : QueryParameters.accountId("after", after).value();
        Page<AccountView> page = queries.accounts(start,
                QueryParameters.limit(limit, DEFAULT_PAGE, LedgerQueries.MAX_PAGE_SIZE));
        ObjectNode body = JsonResponses.object();
        page(body, "accounts", page, Views::account);
        page.items().stream().reduce((first, last) -> last)
                .ifPresent(last -> body.put("next_after", last.accountId()));
        return JsonResponses.json(HttpStatus.OK, body);
    }

    /**
     * Returns the balance of an account at a moment or after a version, replayed from the event store.
     *
     * @param id        the account id
     * @param timestamp the moment, ISO-8601 with an offset, inclusive
     * @param version   the stream version
     * @return 200 with the balance; 404 when the account did not exist yet, or does not exist
     */
    @Get("/accounts/{id}/balance-at")
    @Operation(operationId = "getBalanceAt", summary = "Returns the balance of an account at a moment or after a"
            + " version.", description = "Replayed from the event store. Give exactly one of timestamp and version.")
    @ApiResponse(responseCode = "200", description = "The balance.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = BalanceAtJson.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.QUERY_400 + " (INVALID_PARAMETER also when neither or"
            + " both of timestamp and version are given).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: the account does not exist;"
            + " ACCOUNT_NOT_YET_CREATED: it did not exist yet at the timestamp; VERSION_NOT_REACHED: it has fewer"
            + " events than the version.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> balanceAt(
            @Parameter(description = ApiDocs.ACCOUNT_ID,
                    schema = @Schema(type = "string", pattern = ApiDocs.ACCOUNT_ID_PATTERN))
            @PathVariable String id,
            @Parameter(description = "The moment, ISO-8601 with an offset (such as 2026-01-01T10:00:00Z),"
                    + " inclusive.", schema = @Schema(type = "string", format = "date-time"))
            @QueryValue @Nullable String timestamp,
            @Parameter(description = "The stream version.",
                    schema = @Schema(type = "integer", format = "int64", minimum = "1"))
            @QueryValue @Nullable String version) {
        AccountId accountId = QueryParameters.accountId("id", id);
        if ((timestamp == null) == (version == null)) {
            throw ApiException.badRequest("INVALID_PARAMETER", "give either timestamp or version", "timestamp");
        }
        Optional<Instant> at = Optional.ofNullable(timestamp).map(t -> QueryParameters.timestamp("timestamp", t));
        BalanceAt answer;
        if (at.isPresent()) {
            answer = ledger.balanceAt(accountId, at.get());
        } else {
            long wanted = QueryParameters.number("version", version).orElseThrow();
            if (wanted < 1) {
                throw ApiException.badRequest("INVALID_PARAMETER", "version must be 1 or more", "version");
            }
            answer = ledger.balanceAt(accountId, wanted);
        }
        if (answer instanceof BalanceAt.Balance balance) {
            ObjectNode body = JsonResponses.object()
                    .put("account_id", accountId.value())
                    .put("balance", balance.balance().toPlainString())
                    .put("currency", balance.balance().currency().getCurrencyCode())
                    .put("at", at.orElse(balance.lastChangedAt()).toString())
                    .put("version", balance.version());
            return JsonResponses.json(HttpStatus.OK, body);
        }
        if (answer instanceof BalanceAt.NotYetCreated notYet) {
            throw new ApiException(HttpStatus.NOT_FOUND, "ACCOUNT_NOT_YET_CREATED", "account " + accountId
                    + " did not exist yet at " + at.orElseThrow() + "; it was created at " + notYet.createdAt(), "timestamp");
        }
        if (answer instanceof BalanceAt.VersionNotReached notReached) {
            throw new ApiException(HttpStatus.NOT_FOUND, "VERSION_NOT_REACHED", "account " + accountId
                    + " has only " + notReached.currentVersion() + " events", "version");
        }
        throw accountNotFound(accountId.value());
    }

    /**
     * Returns a page of an account's history, newest first.
     *
     * @param id     the account id
     * @param before the version to start before
     * @param limit  the page size, 1 to 1000 (default 50)
     * @return 200 with the transactions, 404 when the account is unknown
     */
    @Get("/accounts/{id}/transactions")
    @Operation(operationId = "listTransactions", summary = "Returns a page of an account's history, newest first.")
    @ApiResponse(responseCode = "200", description = "The page.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TransactionPage.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.QUERY_400 + ".",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: the account does not exist.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> transactions(
            @Parameter(description = ApiDocs.ACCOUNT_ID,
                    schema = @Schema(type = "string", pattern = ApiDocs.ACCOUNT_ID_PATTERN))
            @PathVariable String id,
            @Parameter(description = "The version to start before (the previous page's next_before); from the"
                    + " newest entry when absent.",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @QueryValue @Nullable String before,
            @Parameter(description = ApiDocs.LIMIT,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
                            defaultValue = "50"))
            @QueryValue @Nullable String limit) {
        AccountView account = knownAccount(id);
        OptionalLong start = QueryParameters.number("before", before);
        Page<TransactionView> page = queries.transactions(account.accountId(), start.orElse(Long.MAX_VALUE),
                QueryParameters.limit(limit, DEFAULT_PAGE, LedgerQueries.MAX_PAGE_SIZE));
        ObjectNode body = JsonResponses.object().put("account_id", account.accountId());
        page(body, "transactions", page, Views::transaction);
        page.items().stream().reduce((first, last) -> last)
                .ifPresent(last -> body.put("next_before", last.version()));
        return JsonResponses.json(HttpStatus.OK, body);
    }

    /**
     * Returns a transfer.
     *
     * @param id the transfer id
     * @return 200 with the transfer, 404 when unknown
     */
    @Get("/transfers/{id}")
    @Operation(operationId = "getTransfer", summary = "Returns a transfer.")
    @ApiResponse(responseCode = "200", description = "The transfer.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TransferJson.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_TRANSFER_ID: the id is not a UUID.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "TRANSFER_NOT_FOUND: the read model has no such transfer (yet).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> transfer(
            @Parameter(description = "The transfer's id (transfer_id).",
                    schema = @Schema(type = "string", format = "uuid"))
            @PathVariable String id) {
        UUID transferId;
        try {
            transferId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            transferId = null;
        }
        if (transferId == null || !transferId.toString().equalsIgnoreCase(id)) {
            throw ApiException.badRequest("INVALID_TRANSFER_ID", "a transfer id is a UUID such as"
                    + " 01a22233-1633-77d4-ae54-5d9a5164a1f7", "id");
        }
        return queries.transfer(transferId)
                .map(transfer -> JsonResponses.json(HttpStatus.OK, Views.transfer(transfer)))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "TRANSFER_NOT_FOUND",
                        "transfer " + id + " does not exist", "id"));
    }

    /**
     * Returns a page of the audit log, in global order, from the event store: its positions commit in order, so a
     * client paging with {@code next_after} never skips an event. The read model's own copy of the log is not
     * used: processors applying in parallel fill it out of order, and a page of it could pass over a position
     * still on its way.
     *
     * @param after     the position to start after (default 0)
     * @param limit     the page size, 1 to 1000 (default 50)
     * @param accountId only this account's events
     * @param type      only events of these types (comma-separated)
     * @return 200 with the events
     */
    @Get("/events")
    @Operation(operationId = "listEvents", summary = "Returns a page of the audit log, in global order.",
            description = "Read from the event store: every committed event, at once and without gaps, so that"
                    + " paging with next_after never skips one.")
    @ApiResponse(responseCode = "200", description = "The page.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = EventPage.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.QUERY_400 + ".",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> events(
            @Parameter(description = "The global position to start after (the previous page's next_after).",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0", defaultValue = "0"))
            @QueryValue @Nullable String after,
            @Parameter(description = ApiDocs.LIMIT,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
                            defaultValue = "50"))
            @QueryValue @Nullable String limit,
            @Parameter(description = "Only this account's events.",
                    schema = @Schema(type = "string", pattern = ApiDocs.ACCOUNT_ID_PATTERN))
            @QueryValue("account_id") @Nullable String accountId,
            @Parameter(description = "Only events of these types, comma-separated, such as"
                    + " MoneyDeposited,MoneyWithdrawn.", schema = @Schema(type = "string"))
            @QueryValue @Nullable String type) {
        GlobalLogQuery query = GlobalLogQuery.after(QueryParameters.number("after", after).orElse(0),
                QueryParameters.limit(limit, DEFAULT_PAGE, LedgerQueries.MAX_PAGE_SIZE));
        if (accountId != null) {
            query = query.stream(QueryParameters.accountId("account_id", accountId).value());
        }
        if (type != null) {
            Set<String> types = Arrays.stream(type.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                    .collect(Collectors.toSet());
            query = query.types(types);
        }
        Page<RecordedEvent> page = store.readAll(query);
        ObjectNode body = JsonResponses.object();
        page(body, "events", page, Views::event);
        page.items().stream().reduce((first, last) -> last)
                .ifPresent(last -> body.put("next_after", last.position()));
        return JsonResponses.json(HttpStatus.OK, body);
    }

    private AccountView knownAccount(String id) {
        AccountId accountId = QueryParameters.accountId("id", id);
        return queries.account(accountId.value()).orElseThrow(() -> accountNotFound(accountId.value()));
    }

    private static ApiException accountNotFound(String accountId) {
        return new ApiException(HttpStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND", "account " + accountId + " does not exist",
                "id");
    }

    private static <T> void page(ObjectNode body, String name, Page<T> page, Function<T, ObjectNode> view) {
        ArrayNode items = body.putArray(name);
        page.items().forEach(item -> items.add(view.apply(item)));
        body.put("has_more", page.hasMore());
    }
}
