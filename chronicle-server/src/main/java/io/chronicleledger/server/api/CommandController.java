package io.chronicleledger.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Deposit;
import io.chronicleledger.core.ledger.InvalidValueException;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.LedgerCommand;
import io.chronicleledger.core.ledger.LedgerContentionException;
import io.chronicleledger.core.ledger.LedgerRejection;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.ledger.Withdraw;
import io.chronicleledger.core.store.RecordedEvent;
import io.chronicleledger.server.api.schema.ApiDocs;
import io.chronicleledger.server.api.schema.CommandAccepted;
import io.chronicleledger.server.api.schema.CreateAccountRequest;
import io.chronicleledger.server.api.schema.ErrorBody;
import io.chronicleledger.server.api.schema.MoneyMovementRequest;
import io.chronicleledger.server.api.schema.TransferAccepted;
import io.chronicleledger.server.api.schema.TransferRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Ledger API: the four commands of the design, each answered as the design shows, with
 * {@code Idempotency-Key} support.
 */
@Controller("/commands")
@Tag(name = "Ledger API", description = "The commands, on the ledger port.")
@Server(url = "http://127.0.0.1:4002", description = "The ledger port (CHRONICLE_LEDGER_PORT, default 4002)")
@ApiResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                description = "Seconds to wait before the next request.", schema = @Schema(type = "integer")),
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE: the body exceeds 64 KiB.",
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: the body is not sent as application/json.",
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "500", description = ApiDocs.INTERNAL_ERROR,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = "CONTENTION: the accounts changed too fast to record the command;"
        + " nothing was recorded. STORE_UNAVAILABLE: the event store cannot be reached just now (with Retry-After);"
        + " the command may have been recorded if the connection broke as it committed. Retry either, with the"
        + " same Idempotency-Key, which answers a recorded command as it was.",
        headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
                description = "Seconds to wait before trying again (STORE_UNAVAILABLE).",
                schema = @Schema(type = "integer")),
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class CommandController {

    /** The request header that makes a command idempotent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The response header set on the remembered answer to a retried idempotency key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private static final String INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY";

    private final Ledger ledger;

    /**
     * Creates the controller.
     *
     * @param ledger the ledger
     */
    public CommandController(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Creates an account.
     *
     * @param request the request, whose body is {@code {account_id, owner_name, initial_balance, currency (default USD)}}
     * @param key  the idempotency key, if any
     * @return 201 with the event id
     */
    @Post("/create-account")
    @Operation(operationId = "createAccount", summary = "Creates an account.")
    @RequestBody(required = true,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CreateAccountRequest.class)))
    @ApiResponse(responseCode = "201", description = "The account was created.",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = IDEMPOTENT_REPLAYED,
                    description = ApiDocs.IDEMPOTENT_REPLAYED, schema = @Schema(type = "string")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CommandAccepted.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.COMMAND_400 + ", INVALID_OWNER_NAME.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "ACCOUNT_EXISTS: an account with this account_id exists.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED; nothing was recorded.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> createAccount(HttpRequest<byte[]> request,
            @Parameter(description = ApiDocs.IDEMPOTENCY_KEY,
                    schema = @Schema(type = "string", pattern = ApiDocs.IDEMPOTENCY_KEY_PATTERN))
            @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request);
        AccountId accountId = json.accountId("account_id");
        String currency = json.optionalString("currency").orElse("USD");
        Money initialBalance = command("initial_balance", () -> new Money(json.amount("initial_balance"),
                RequestJson.valid("currency", currency, Money::currency)));
        CreateAccount command = new CreateAccount(accountId, json.ownerName("owner_name"), initialBalance);
        return answer(command, key, HttpStatus.CREATED, Map.of(accountId, "account_id"));
    }

    /**
     * Deposits money.
     *
     * @param request the request, whose body is {@code {account_id, amount, description?, currency?}}
     * @param key  the idempotency key, if any
     * @return 200 with the event id
     */
    @Post("/deposit")
    @Operation(operationId = "deposit", summary = "Deposits money.")
    @RequestBody(required = true,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MoneyMovementRequest.class)))
    @ApiResponse(responseCode = "200", description = "The deposit was recorded.",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = IDEMPOTENT_REPLAYED,
                    description = ApiDocs.IDEMPOTENT_REPLAYED, schema = @Schema(type = "string")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CommandAccepted.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.COMMAND_400 + ", INVALID_DESCRIPTION.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: the account does not exist.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "The ledger refused the deposit; nothing was recorded:"
            + " BALANCE_LIMIT_EXCEEDED, CURRENCY_MISMATCH or IDEMPOTENCY_KEY_REUSED.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> deposit(HttpRequest<byte[]> request,
            @Parameter(description = ApiDocs.IDEMPOTENCY_KEY,
                    schema = @Schema(type = "string", pattern = ApiDocs.IDEMPOTENCY_KEY_PATTERN))
            @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request);
        AccountId accountId = json.accountId("account_id");
        Deposit command = command("amount", () -> new Deposit(accountId, json.amount("amount"),
                json.currency("currency"), json.description("description")));
        return answer(command, key, HttpStatus.OK, Map.of(accountId, "account_id"));
    }

    /**
     * Withdraws money.
     *
     * @param request the request, whose body is {@code {account_id, amount, description?, currency?}}
     * @param key  the idempotency key, if any
     * @return 200 with the event id
     */
    @Post("/withdraw")
    @Operation(operationId = "withdraw", summary = "Withdraws money.")
    @RequestBody(required = true,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = MoneyMovementRequest.class)))
    @ApiResponse(responseCode = "200", description = "The withdrawal was recorded.",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = IDEMPOTENT_REPLAYED,
                    description = ApiDocs.IDEMPOTENT_REPLAYED, schema = @Schema(type = "string")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CommandAccepted.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.COMMAND_400 + ", INVALID_DESCRIPTION.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: the account does not exist.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "The ledger refused the withdrawal; nothing was recorded:"
            + " INSUFFICIENT_FUNDS, CURRENCY_MISMATCH or IDEMPOTENCY_KEY_REUSED.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> withdraw(HttpRequest<byte[]> request,
            @Parameter(description = ApiDocs.IDEMPOTENCY_KEY,
                    schema = @Schema(type = "string", pattern = ApiDocs.IDEMPOTENCY_KEY_PATTERN))
            @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request);
        AccountId accountId = json.accountId("account_id");
        Withdraw command = command("amount", () -> new Withdraw(accountId, json.amount("amount"),
                json.currency("currency"), json.description("description")));
        return answer(command, key, HttpStatus.OK, Map.of(accountId, "account_id"));
    }

    /**
     * Transfers money between two accounts, atomically.
     *
     * @param request the request, whose body is {@code {from_account_id, to_account_id, amount, description?, currency?}}
     * @param key  the idempotency key, if any
     * @return 200 with the transfer id and both events
     */
    @Post("/transfer")
    @Operation(operationId = "transfer", summary = "Transfers money between two accounts, atomically.",
            description = "Records TransferSent on the payer and TransferReceived on the payee together, or nothing.")
    @RequestBody(required = true,
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TransferRequest.class)))
    @ApiResponse(responseCode = "200", description = "The transfer was recorded.",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = IDEMPOTENT_REPLAYED,
                    description = ApiDocs.IDEMPOTENT_REPLAYED, schema = @Schema(type = "string")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TransferAccepted.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.COMMAND_400 + ", INVALID_DESCRIPTION.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "ACCOUNT_NOT_FOUND: an account does not exist (error.field"
            + " from_account_id or to_account_id).",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "The ledger refused the transfer; nothing was recorded:"
            + " INSUFFICIENT_FUNDS, SAME_ACCOUNT_TRANSFER, CURRENCY_MISMATCH, BALANCE_LIMIT_EXCEEDED or"
            + " IDEMPOTENCY_KEY_REUSED.",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<String> transfer(HttpRequest<byte[]> request,
            @Parameter(description = ApiDocs.IDEMPOTENCY_KEY,
                    schema = @Schema(type = "string", pattern = ApiDocs.IDEMPOTENCY_KEY_PATTERN))
            @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request);
        AccountId from = json.accountId("from_account_id");
        AccountId to = json.accountId("to_account_id");
        Transfer command = command("amount", () -> new Transfer(from, to, json.amount("amount"),
                json.currency("currency"), json.description("description")));
        return answer(command, key, HttpStatus.OK, from.equals(to)
                ? Map.of(from, "to_account_id")
                : Map.of(from, "from_account_id", to, "to_account_id"));
    }

    /** Builds a command, turning a value type's refusal into a 400 about {@code field}. */
    private static <T> T command(String field, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidValueException e) {
            String at = e.code().equals("INVALID_CURRENCY") ? "currency" : field;
            throw ApiException.badRequest(e.code(), at + ": " + e.getMessage(), at);
        }
    }

    private HttpResponse<String> answer(LedgerCommand command, String key, HttpStatus created,
                                        Map<AccountId, String> fields) {
        CommandResult result;
        try {
            result = key == null ? ledger.execute(command) : ledger.execute(command, key);
        } catch (InvalidValueException e) {
            if (!e.code().equals(INVALID_IDEMPOTENCY_KEY)) {
                throw e;
            }
            throw ApiException.badRequest(e.code(), IDEMPOTENCY_KEY + ": " + e.getMessage(), IDEMPOTENCY_KEY);
        } catch (LedgerContentionException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CONTENTION",
                    "the accounts are changing too fast; retry the request", null);
        }
        if (result instanceof CommandResult.Rejected rejected) {
            throw rejection(rejected.rejection(), fields);
        }
        CommandResult.Accepted accepted = (CommandResult.Accepted) result;
        ObjectNode body = JsonResponses.object().put("success", true);
        if (command instanceof Transfer) {
            body.put("transfer_id", accepted.transferId().orElseThrow().toString());
            ArrayNode events = body.putArray("events");
            for (RecordedEvent event : accepted.events()) {
                events.add(Views.event(event));
            }
        } else {
            body.put("event_id", accepted.eventId().toString());
        }
        body.put("position", accepted.lastPosition());
        MutableHttpResponse<String> response = JsonResponses.json(created, body);
        return accepted.replayed() ? response.header(IDEMPOTENT_REPLAYED, "true") : response;
    }

    private static ApiException rejection(LedgerRejection rejection, Map<AccountId, String> fields) {
        HttpStatus status;
        String field = null;
        if (rejection instanceof LedgerRejection.AccountNotFound notFound) {
            status = HttpStatus.NOT_FOUND;
            field = fields.get(notFound.accountId());
        } else if (rejection instanceof LedgerRejection.AccountAlreadyExists) {
            status = HttpStatus.CONFLICT;
            field = "account_id";
        } else if (rejection instanceof LedgerRejection.InvalidAmount) {
            status = HttpStatus.BAD_REQUEST;
            field = "amount";
        } else if (rejection instanceof LedgerRejection.IdempotencyKeyReused) {
            status = HttpStatus.UNPROCESSABLE_ENTITY;
            field = IDEMPOTENCY_KEY;
        } else {
            status = HttpStatus.UNPROCESSABLE_ENTITY;
        }
        return new ApiException(status, rejection.code(), rejection.message(), field);
    }
}
