/**
 * The operator's everyday tools on a running node: its messages and their status, a received message's
 * content read for a stated purpose, and its dead letters (what it refused, what its recipients refused).
 * The REST API ({@code eu.bus.rest.OperatorApi}) and the CLI ({@code bus messages}, {@code bus dlq}) use these.
 */
package eu.bus.operator;
