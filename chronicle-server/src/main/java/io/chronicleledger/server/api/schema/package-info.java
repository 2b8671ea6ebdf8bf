/**
 * The JSON shapes of the API, for its OpenAPI document only: the controllers write and read JSON by hand
 * ({@link io.chronicleledger.server.api.Views}, {@link io.chronicleledger.server.api.RequestJson}), and these
 * records describe exactly what they write and read, with the API's snake_case names. Nothing at run time uses
 * them.
 */
package io.chronicleledger.server.api.schema;
