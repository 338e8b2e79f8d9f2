/**
 * The service's languages: Chinese (zh-CN) first and the default, English second. The request's
 * language comes from a {@code lang} parameter or the {@code Accept-Language} header, and any
 * other language falls back to zh-CN; texts for people (problem details, display names) come from
 * the {@code messages} bundle. The bottom of the module's packages: it depends on none of them.
 */
package org.alliance.ledger.service.i18n;
