/**
 * The event codec: typed events to and from the JSON payloads of the store, on jackson-databind, with event
 * types registered explicitly and upcasters for older payload versions.
 */
package io.chronicleledger.core.codec;
