/**
 * Implementation details of the PostgreSQL read model: the schema and the SQL that applies events and answers
 * queries. Not API: may change in any release.
 */
package io.chronicleledger.projection.pg.internal;
