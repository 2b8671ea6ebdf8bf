package example;

import io.chronicleledger.core.aggregate.Aggregate;
import io.chronicleledger.core.aggregate.Decision;
import io.chronicleledger.core.aggregate.Rejection;
import io.chronicleledger.core.aggregate.TextCodec;
import io.chronicleledger.core.codec.EventCodec;

/**
 * The stock of one item in one warehouse: goods are received, and reserved for orders while enough are on hand.
 * Its state, commands, events and refusal are records (one line each), its decisions and folds pure functions.
 */
public final class Stock implements Aggregate<Stock.Level, Stock.Command, Stock.Event, Stock.Refusal> {

    // example:begin
    /** The events, registered by name and version: no change to the library. */
    public static final EventCodec<Event> EVENTS = EventCodec.builder(Event.class)
            .register("GoodsReceived", Received.class, 1)
            .register("GoodsReserved", Reserved.class, 1)
            .build();
    /** Refusals are remembered as JSON with an idempotency key. */
    public static final TextCodec<Refusal> REFUSALS = TextCodec.json(Refusal.class);

    public record Level(int onHand) {}
    public sealed interface Command permits Receive, Reserve {}
    public record Receive(int quantity) implements Command {}
    public record Reserve(String orderId, int quantity) implements Command {}
    public sealed interface Event permits Received, Reserved {}
    public record Received(int quantity) implements Event {}
    public record Reserved(String orderId, int quantity) implements Event {}
    public record Refusal(String code, String message) implements Rejection {}

    @Override
    public Level initialState() {
        return new Level(0);
    }

    @Override
    public Level evolve(Level level, Event event) {
        return event instanceof Received received ? new Level(level.onHand() + received.quantity())
                : new Level(level.onHand() - ((Reserved) event).quantity());
    }

    @Override
    public Decision<Event, Refusal> decide(Level level, Command command) {
        if (command instanceof Receive receive) {
            return Decision.accept(new Received(receive.quantity()));
        }
        Reserve reserve = (Reserve) command;
        return reserve.quantity() > level.onHand()
                ? Decision.reject(new Refusal("OUT_OF_STOCK", level.onHand() + " on hand"))
                : Decision.accept(new Reserved(reserve.orderId(), reserve.quantity()));
    }
    // example:end
}
