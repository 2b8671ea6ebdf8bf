package example;

import io.chronicleledger.core.aggregate.AggregateRepository;
import io.chronicleledger.core.aggregate.CommandOutcome;
import io.chronicleledger.core.aggregate.Decision;
import io.chronicleledger.core.aggregate.StreamEvent;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.projection.RebuildProgress;
import io.chronicleledger.core.store.EventStore;
import io.chronicleledger.core.store.Idempotency;

import java.util.List;
import java.util.Optional;

/**
 * A warehouse's stock on Chronicle's SPIs: its own aggregate ({@link Stock}), a decision over two streams (goods
 * moved between two warehouses in one atomic append), an idempotency key, and its own projection
 * ({@link StockLevels}).
 */
public final class Warehouse {

    private Warehouse() {
    }

    /**
     * Receives, moves and reserves goods, and prints what happened and the stock levels.
     *
     * @param args none
     */
    public static void main(String[] args) {
        // example:begin
        EventStore store = new InMemoryEventStore();
        AggregateRepository<Stock.Level, Stock.Command, Stock.Event, Stock.Refusal> stock = AggregateRepository
                .builder("Stock", new Stock(), Stock.EVENTS, Stock.REFUSALS)
                .eventStore(store)
                .build();

        stock.execute("chair@north", new Stock.Receive(10));
        // example:end
        System.out.println("move 4: " + describe(move(stock, "chair@north", "chair@south", 4)));
        System.out.println("move 9: " + describe(move(stock, "chair@north", "chair@south", 9)));

        Idempotency key = new Idempotency("order-77", "reserve chair@south 3", "{}");
        stock.execute("chair@south", new Stock.Reserve("order-77", 3), Optional.of(key));
        CommandOutcome<Stock.Refusal> retry = stock.execute("chair@south", new Stock.Reserve("order-77", 3),
                Optional.of(key));
        System.out.println("order-77 retried: " + describe(retry));

        StockLevels levels = new StockLevels();
        new Projector(levels, store).rebuild(RebuildProgress.NONE);
        System.out.println("on hand: " + levels.onHand());
    }

    /** Moves goods between two warehouses: both streams' events in one append, or none. */
    static CommandOutcome<Stock.Refusal> move(
            AggregateRepository<Stock.Level, Stock.Command, Stock.Event, Stock.Refusal> stock,
            String from, String to, int quantity) {
        return stock.execute(List.of(from, to), levels -> {
            int onHand = levels.get(from).onHand();
            if (onHand < quantity) {
                return Decision.reject(new Stock.Refusal("OUT_OF_STOCK", onHand + " on hand at " + from));
            }
            return Decision.accept(List.of(
                    new StreamEvent<>(from, new Stock.Reserved("move to " + to, quantity)),
                    new StreamEvent<>(to, new Stock.Received(quantity))));
        }, Optional.empty());
    }

    private static String describe(CommandOutcome<Stock.Refusal> outcome) {
        if (outcome instanceof CommandOutcome.Recorded<Stock.Refusal> recorded) {
            return recorded.events().size() + " events" + (recorded.replayed() ? ", replayed" : "");
        }
        if (outcome instanceof CommandOutcome.Refused<Stock.Refusal> refused) {
            return refused.rejection().code() + " (" + refused.rejection().message() + ")";
        }
        return outcome.toString();
    }
}
