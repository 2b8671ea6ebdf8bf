package io.chronicleledger.core.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the payload of one event type from one schema version to the next. Registered with
 * {@link EventCodec.Builder#upcaster}; chained by the codec from a stored version up to the current one.
 */
@FunctionalInterface
public interface Upcaster {

    /**
     * Rewrites a payload of version {@code n} into version {@code n + 1}.
     *
     * @param payload the payload at version {@code n}; the upcaster may change and return it
     * @return the payload at version {@code n + 1}
     */
    ObjectNode upcast(ObjectNode payload);
}
