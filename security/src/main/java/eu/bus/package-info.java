/** Bus PKI, CMS protection, audit log. */
package eu.bus;
