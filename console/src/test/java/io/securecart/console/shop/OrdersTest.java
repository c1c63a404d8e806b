package io.securecart.console.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class OrdersTest {

	private static final UUID ORDER = UUID.fromString("7b0c1a52-2b4f-4b51-9e2a-3c2f7f0e2d11");

	private final ServiceApi api = mock(ServiceApi.class);

	private final Orders orders = new Orders(api);

	private final Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_CUSTOMER");

	@Test
	void anOrderWhoseNotificationServiceIsStoppedIsShownWithItsShipmentsAndSaysWhatIsMissing() {
		Order order = new Order(ORDER, "alice", "PAID", null, new BigDecimal("25.00"), "USD", List.of(), List.of());
		given(api.get(eq(Service.CHECKOUT), eq(alice), eq(Order.class), eq("/api/orders/{id}"), eq(ORDER)))
			.willReturn(order);
		Shipment shipment = new Shipment(UUID.randomUUID(), ORDER, "central", "PICKING", null, "RUNNING", List.of(),
				Instant.parse("2026-11-30T12:00:00Z"), null);
		given(api.get(eq(Service.FULFILLMENT), eq(alice), any(ParameterizedTypeReference.class), any(String.class),
				eq(ORDER)))
			.willReturn(List.of(shipment));
		ApiProblemException unreachable = new ApiProblemException(Service.NOTIFICATION, 503, "Service unavailable",
				"notification-service is unreachable");
		given(api.get(eq(Service.NOTIFICATION), eq(alice), any(ParameterizedTypeReference.class), any(String.class),
				eq(ORDER)))
			.willThrow(unreachable);

		OrderProgress progress = orders.progress(alice, ORDER);

		assertThat(progress.order()).isEqualTo(order);
		assertThat(progress.shipments()).containsExactly(shipment);
		assertThat(progress.notifications()).isEmpty();
		assertThat(progress.unanswered()).containsExactly(unreachable);
	}

	@Test
	void withoutCheckoutThereIsNoOrderToShowAndAnAnswerThatIsNotAnOutageIsThePages() {
		given(api.get(eq(Service.CHECKOUT), eq(alice), eq(Order.class), eq("/api/orders/{id}"), eq(ORDER)))
			.willThrow(new ApiProblemException(Service.CHECKOUT, 503, "Service unavailable", "unreachable"));
		assertThatThrownBy(() -> orders.progress(alice, ORDER)).isInstanceOf(ApiProblemException.class)
			.hasMessageContaining("checkout-service");

		given(api.get(eq(Service.CHECKOUT), eq(alice), eq(Order.class), eq("/api/orders/{id}"), eq(ORDER)))
			.willReturn(new Order(ORDER, "alice", "PAID", null, BigDecimal.ONE, "USD", List.of(), List.of()));
		given(api.get(eq(Service.FULFILLMENT), eq(alice), any(ParameterizedTypeReference.class), any(String.class),
				eq(ORDER)))
			.willThrow(new ApiProblemException(Service.FULFILLMENT, 403, "Forbidden", "not yours"));
		assertThatThrownBy(() -> orders.progress(alice, ORDER)).isInstanceOf(ApiProblemException.class)
			.hasMessageContaining("403");
	}
}
