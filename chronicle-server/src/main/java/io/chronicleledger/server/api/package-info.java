/**
 * The HTTP API: controllers, the JSON they read and write, and the error responses. Request bodies are parsed
 * by the project's own Jackson settings, so that amounts are read exactly and every bad input gets a clear
 * 4xx answer.
 */
package io.chronicleledger.server.api;
