/**
 * The ledger domain: accounts holding {@link io.chronicleledger.core.ledger.Money} in one currency, the
 * commands that move it, the events that record it, and the {@link io.chronicleledger.core.ledger.Ledger}
 * facade that loads, decides and appends atomically.
 *
 * <p>Money is never rounded: an amount with more decimals than its currency has is refused. A transfer
 * appends to both accounts in one atomic append, so money is never half-moved.
 */
package io.chronicleledger.core.ledger;
