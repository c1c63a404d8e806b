package io.securecart.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceConventionsTest {

	@Test
	void namesEachBreachOfTheConventionsAndNothingElse() throws Exception {
		assertThat(ServiceConventions.violations(shopApplication())).containsExactlyInAnyOrder(
				"io.securecart.shop.shop: the feature package repeats the service's name",
				"io.securecart.shop.shop.ShopService: name it after what it manages (Payments, Reservations), not *Service/*Manager/*Impl",
				"io.securecart.shop.shop.ShopService.on: the @SqsListener has no id",
				"io.securecart.shop.order.ShopEvents: one @SqsListener per class, it has 2",
				"io.securecart.shop.order.ShopEvents: the listener 'order-events' belongs in a class named OrderEventsListener",
				"io.securecart.shop.order.ShopEvents.onOrderEvent: a listener method is named on",
				"io.securecart.shop.order.ShopEvents: the listener 'stock-events' belongs in a class named StockEventsListener",
				"io.securecart.shop.order.Deliveries: reads the system clock (java.time.Instant.now()); take the Clock bean's instant",
				"io.securecart.shop.order.Deliveries.carrier: @Retry does nothing without resilience4j's aspects; decorate the call with the registry's instance (ADR 24)",
				"io.securecart.shop.order.Parcel.version: @Version is a Long, not long: a stored row at version 0 would be taken for new (ADR 28)",
				"io.securecart.shop.order.Basket: an aggregate root needs @Version Long version: it tells a new aggregate from a stored one, and guards concurrent changes (ADR 28)",
				"io.securecart.shop.order.Receipt: uses jakarta.persistence.Entity; aggregates persist with Spring Data JDBC, not JPA (ADR 28)");
	}

	@Test
	void aServiceWithoutClassesIsAMistakeNotAPass() {
		assertThatIllegalStateException().isThrownBy(() -> ServiceConventions.violations(io.securecart.empty.EmptyApplication.class));
	}

	private static Class<?> shopApplication() throws ClassNotFoundException {
		return Class.forName("io.securecart.shop.ShopApplication");
	}

	@Test
	void aListenerClassIsItsIdInPascalCase() {
		assertThat(ServiceConventions.classNameFor("fraud-review-timeouts")).isEqualTo("FraudReviewTimeoutsListener");
		assertThat(ServiceConventions.classNameFor("orders")).isEqualTo("OrdersListener");
	}

}
