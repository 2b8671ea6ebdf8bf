package io.chronicleledger.core.aggregate;

import io.chronicleledger.core.codec.EventCodec;

/**
 * A small domain for the repository's tests, unlike the ledger's: the stock of one item in one warehouse.
 * Goods are received, and reserved for orders while enough are on hand.
 */
final class Stock implements Aggregate<Stock.Level, Stock.Command, Stock.Event, Stock.Refusal> {

    static final Stock INSTANCE = new Stock();
    static final EventCodec<Event> EVENTS = EventCodec.builder(Event.class)
            .register("GoodsReceived", Received.class, 1)
            .register("GoodsReserved", Reserved.class, 1)
            .build();
    static final TextCodec<Refusal> REFUSALS = TextCodec.json(Refusal.class);
    static final TextCodec<Level> LEVELS = TextCodec.json(Level.class);

    /** The state: how many items are on hand. */
    record Level(int onHand) {
    }

    /** A command. */
    sealed interface Command permits Receive, Reserve {
    }

    /** Receive goods. */
    record Receive(int quantity) implements Command {
    }

    /** Reserve goods for an order. */
    record Reserve(String orderId, int quantity) implements Command {
    }

    /** An event. */
    sealed interface Event permits Received, Reserved {
    }

    /** Goods arrived. */
    record Received(int quantity) implements Event {
    }

    /** Goods were reserved for an order. */
    record Reserved(String orderId, int quantity) implements Event {
    }

    /** Why a command was refused. */
    record Refusal(String code, String message) implements Rejection {
        static Refusal outOfStock(int wanted, int onHand) {
            return new Refusal("OUT_OF_STOCK", "wanted " + wanted + ", " + onHand + " on hand");
        }
    }

    @Override
    public Level initialState() {
        return new Level(0);
    }

    @Override
    public Level evolve(Level state, Event event) {
        if (event instanceof Received received) {
            return new Level(state.onHand() + received.quantity());
        }
        return new Level(state.onHand() - ((Reserved) event).quantity());
    }

    @Override
    public Decision<Event, Refusal> decide(Level state, Command command) {
        if (command instanceof Receive receive) {
            return Decision.accept(new Received(receive.quantity()));
        }
        Reserve reserve = (Reserve) command;
        return reserve.quantity() > state.onHand()
                ? Decision.reject(Refusal.outOfStock(reserve.quantity(), state.onHand()))
                : Decision.accept(new Reserved(reserve.orderId(), reserve.quantity()));
    }
}
