/**
 * The names people read instead of codes: each member org's region name and each catalogue
 * item's title (and its materials' titles), from the agreements in force, in the request's
 * language. Agreements state names in English; the Chinese names come from one catalogue,
 * {@code display-names.properties} (GB/T 2260 region names and the items' Chinese titles).
 */
package org.alliance.ledger.service.names;
