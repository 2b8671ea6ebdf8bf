/**
 * The reference server: the HTTP API of the design on Micronaut. Commands are served on the ledger port
 * (4002), queries on the query port (4001); with no configuration it runs on the in-memory adapters.
 */
package io.chronicleledger.server;
