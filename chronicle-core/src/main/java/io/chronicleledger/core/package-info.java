/**
 * Chronicle Ledger core: the types shared by every SPI ({@link io.chronicleledger.core.Page},
 * {@link io.chronicleledger.core.Subscription}).
 *
 * <p>The SPIs live in sub-packages: {@link io.chronicleledger.core.aggregate aggregate},
 * {@link io.chronicleledger.core.store store}, {@link io.chronicleledger.core.bus bus},
 * {@link io.chronicleledger.core.projection projection} and {@link io.chronicleledger.core.codec codec}.
 * The ledger domain is in {@link io.chronicleledger.core.ledger ledger}; the in-memory adapters in
 * {@link io.chronicleledger.core.memory memory}. The building blocks for adapter authors (a live tail, a
 * background worker, the {@code created_at} rules, the JSON settings) are in
 * {@link io.chronicleledger.core.support support}, which is API like the SPIs. Nothing in {@code internal} is
 * API.
 */
package io.chronicleledger.core;
