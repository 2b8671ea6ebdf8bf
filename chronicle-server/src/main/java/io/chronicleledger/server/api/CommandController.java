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

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Ledger API: the four commands of the design, each answered as the design shows, with
 * {@code Idempotency-Key} support.
 */
@Controller("/commands")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class CommandController {

    /** The request header that makes a command idempotent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The response header set on the remembered answer to a retried idempotency key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

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
    public HttpResponse<String> createAccount(HttpRequest<byte[]> request, @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request.getBody().orElse(null));
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
    public HttpResponse<String> deposit(HttpRequest<byte[]> request, @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request.getBody().orElse(null));
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
    public HttpResponse<String> withdraw(HttpRequest<byte[]> request, @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request.getBody().orElse(null));
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
    public HttpResponse<String> transfer(HttpRequest<byte[]> request, @Header(IDEMPOTENCY_KEY) @Nullable String key) {
        RequestJson json = RequestJson.parse(request.getBody().orElse(null));
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
            throw ApiException.badRequest(e.code(), field + ": " + e.getMessage(), field);
        }
    }

    private HttpResponse<String> answer(LedgerCommand command, String key, HttpStatus created,
                                        Map<AccountId, String> fields) {
        CommandResult result;
        try {
            result = key == null ? ledger.execute(command) : ledger.execute(command, key);
        } catch (InvalidValueException e) {
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
