package io.securecart.notification.customer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How back-in-stock requests are kept and answered (ADR 15).
 *
 * @param pageSize how many waiting customers one transaction tells when the product comes back: an event with more
 * tells them a page at a time, so that no transaction locks every waiting request at once
 * @param waitingPerCustomer how many requests one customer may have waiting at once; asking for one more is a 409
 */
@ConfigurationProperties("securecart.notification.back-in-stock")
record BackInStockProperties(@DefaultValue("200") int pageSize, @DefaultValue("50") int waitingPerCustomer) {

	BackInStockProperties {
		if (pageSize < 1) {
			// No page would ever tell anyone.
			throw new IllegalArgumentException(
					"securecart.notification.back-in-stock.page-size must be at least 1, not " + pageSize);
		}
		if (waitingPerCustomer < 1) {
			throw new IllegalArgumentException(
					"securecart.notification.back-in-stock.waiting-per-customer must be at least 1, not "
							+ waitingPerCustomer);
		}
	}
}
