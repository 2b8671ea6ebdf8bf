/**
 * Implementation details shared by the core and the adapters of this project. Not API: may change in any
 * release.
 */
package io.chronicleledger.core.internal;
