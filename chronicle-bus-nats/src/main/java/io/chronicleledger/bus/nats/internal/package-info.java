/**
 * How the JetStream bus does its work: subjects, the message of an event, asynchronous publishing, pull
 * subscriptions and dead letters. Not API: may change in any release.
 */
package io.chronicleledger.bus.nats.internal;
