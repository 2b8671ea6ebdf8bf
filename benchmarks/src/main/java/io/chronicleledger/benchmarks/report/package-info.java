/**
 * The results report of {@code benchmarks/run}: reads a results folder (JMH's JSON, the plain mains' text, the
 * machine's and the run's facts) and writes the figures beside their targets as Markdown, with an SVG chart.
 * The figures it knows, and their targets, are one line each in {@link io.chronicleledger.benchmarks.report.Figures}.
 */
package io.chronicleledger.benchmarks.report;
