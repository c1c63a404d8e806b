package io.securecart.fulfillment.shipment;

import io.securecart.platform.metrics.DeferredWork;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What this service owes and does later, measured for the {@code deferred-work-too-old} alarm: fulfilments waiting to
 * start (the start sweep retries them; admission may hold them back under load), invoices shipped orders still owe
 * ({@link OwedInvoices}) and failed orders' parcels still to call off at the warehouse ({@link WarehouseReleases}).
 */
@Configuration(proxyBeanMethods = false)
class DeferredWorkConfiguration {

	@Bean
	DeferredWork unstartedFulfilmentsBacklog() {
		return new DeferredWork("unstarted-fulfilments", """
				select count(*) as pending, min(created_at) as oldest from fulfillment where status = 'STARTING'""");
	}

	@Bean
	DeferredWork owedInvoicesBacklog() {
		return new DeferredWork("owed-invoices", """
				select count(*) as pending, min(completed_at) as oldest from fulfillment
				where status = 'SHIPPED' and invoice_number is null""");
	}

	@Bean
	DeferredWork owedWarehouseReleasesBacklog() {
		return new DeferredWork("owed-warehouse-releases", """
				select count(*) as pending, min(completed_at) as oldest from fulfillment
				where status in ('FAILED', 'CANCELLED') and warehouse_released_at is null""");
	}
}
