/**
 * Implementation details of chronicle-core itself. Not API: may change in any release. No other module may
 * use them (a test of the build checks it); the building blocks meant for adapters are in
 * {@link io.chronicleledger.core.support support}.
 */
package io.chronicleledger.core.internal;
