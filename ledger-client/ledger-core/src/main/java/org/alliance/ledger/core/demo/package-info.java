/**
 * The demo alliance of DEMO-ALLIANCE.md as data: its member orgs with their regions, the
 * catalogue of the first agreement and a builder for that agreement's terms. Main code rather
 * than a test fixture because the CLI demo, the test suites of every module and the identity
 * service's seed data must all describe the same alliance.
 */
package org.alliance.ledger.core.demo;
