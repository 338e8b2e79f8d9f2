/**
 * What belongs to one site rather than to the alliance: the windows where results are handed over
 * and the certificate types this region issues, each with its name in Chinese and English. The
 * agreements on the ledger say nothing of them; a clerk picks them by name, and the service refuses
 * a code its site does not have, so a record never names a window or a type nobody set up.
 */
package org.alliance.ledger.service.site;
