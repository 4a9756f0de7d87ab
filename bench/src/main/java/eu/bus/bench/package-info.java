/** JMH benchmarks; see docs/BENCHMARKS.md for the commands and results. */
package eu.bus.bench;
