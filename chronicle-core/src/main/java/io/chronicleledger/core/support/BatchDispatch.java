package io.chronicleledger.core.support;

import io.chronicleledger.core.bus.BatchHandler;
import io.chronicleledger.core.bus.Delivery;
import io.chronicleledger.core.store.RecordedEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands a batch of deliveries to a {@link BatchHandler} the way {@link BatchHandler#handle} promises: when the
 * handler throws, each delivery it did not acknowledge is handed to it again alone, and only a delivery that
 * fails alone is reported as failed, for the bus to deliver it again later or set it aside as a dead letter.
 * So one event that cannot be handled never holds back, or wears out the attempts of, the others of its batch.
 */
public final class BatchDispatch {

    /**
     * What a bus does with a delivery that failed alone.
     *
     * @param <D> the bus's delivery type
     */
    @FunctionalInterface
    public interface FailedDelivery<D extends Delivery> {
        /**
         * Settles a delivery whose handling threw.
         *
         * @param delivery the delivery
         * @param failure  what the handler threw
         */
        void failed(D delivery, Throwable failure);
    }

    private BatchDispatch() {
    }

    /**
     * Hands a batch to a handler.
     *
     * @param batch     one or more deliveries
     * @param handler   the handler
     * @param onFailure settles each delivery that failed alone
     * @param <D>       the bus's delivery type
     * @throws InterruptedException when the handler was interrupted; the deliveries it did not acknowledge are
     *                              left to the bus's ack wait
     */
    public static <D extends Delivery> void dispatch(List<D> batch, BatchHandler handler,
                                                     FailedDelivery<D> onFailure) throws InterruptedException {
        if (batch.size() == 1) {
            handleAlone(batch.get(0), new Tracked(batch.get(0)), handler, onFailure);
            return;
        }
        List<Tracked> tracked = new ArrayList<>(batch.size());
        for (D delivery : batch) {
            tracked.add(new Tracked(delivery));
        }
        try {
            handler.handle(List.copyOf(tracked));
            return;
        } catch (InterruptedException | VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            // handled again one by one below, so that only the delivery that fails alone counts as failed
        }
        for (int index = 0; index < batch.size(); index++) {
            if (!tracked.get(index).acknowledged) {
                handleAlone(batch.get(index), tracked.get(index), handler, onFailure);
            }
        }
    }

    private static <D extends Delivery> void handleAlone(D delivery, Tracked tracked, BatchHandler handler,
                                                         FailedDelivery<D> onFailure) throws InterruptedException {
        try {
            handler.handle(List.of(tracked));
        } catch (InterruptedException | VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            onFailure.failed(delivery, e);
        }
    }

    /** A delivery that remembers whether it was acknowledged. */
    private static final class Tracked implements Delivery {
        private final Delivery delivery;
        private volatile boolean acknowledged;

        Tracked(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public RecordedEvent event() {
            return delivery.event();
        }

        @Override
        public int attempt() {
            return delivery.attempt();
        }

        @Override
        public void ack() {
            delivery.ack();
            acknowledged = true;
        }

        @Override
        public void inProgress() {
            delivery.inProgress();
        }
    }
}
