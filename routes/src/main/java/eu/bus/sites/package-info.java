/**
 * Sites as separate processes on one machine: a stock Artemis broker per site (from the distribution the build
 * unpacks, configured by {@code bus site init}) and a node process per agency ({@code bus node --config}), each
 * agency holding only its own keys. The multi-site demo ({@code bus demo --sites}) and the multi-site tests run the
 * same code an operator would run by hand (docs/SITES.md).
 */
package eu.bus.sites;
