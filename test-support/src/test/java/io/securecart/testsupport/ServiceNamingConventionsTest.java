package io.securecart.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNamingConventionsTest {

	private final JavaClasses shop = new ClassFileImporter().importPackages("io.securecart.shop");

	@Test
	void namesEachBreachOfTheConventionAndNothingElse() {
		assertThat(ServiceNamingConventions.violations(shop, "shop")).containsExactlyInAnyOrder(
				"io.securecart.shop.shop: the feature package repeats the service's name",
				"io.securecart.shop.shop.ShopService: name it after what it manages (Payments, Reservations), not *Service/*Manager/*Impl",
				"io.securecart.shop.shop.ShopService.on: the @SqsListener has no id",
				"io.securecart.shop.order.ShopEvents: one @SqsListener per class, it has 2",
				"io.securecart.shop.order.ShopEvents: the listener 'order-events' belongs in a class named OrderEventsListener",
				"io.securecart.shop.order.ShopEvents.onOrderEvent: a listener method is named on",
				"io.securecart.shop.order.ShopEvents: the listener 'stock-events' belongs in a class named StockEventsListener");
	}

	@Test
	void aListenerClassIsItsIdInPascalCase() {
		assertThat(ServiceNamingConventions.classNameFor("fraud-review-timeouts")).isEqualTo("FraudReviewTimeoutsListener");
		assertThat(ServiceNamingConventions.classNameFor("orders")).isEqualTo("OrdersListener");
	}

}
