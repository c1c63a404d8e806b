package io.securecart.notification.customer;

import io.securecart.notification.security.NotificationSecurityConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentDeclined;
import org.junit.jupiter.api.Test;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Limit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(NotificationController.class)
@Import(NotificationSecurityConfiguration.class)
@WithMockUser(username = "ops", roles = "ADMIN")
class NotificationControllerTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final UUID ORDER_ID = UUID.randomUUID();

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private NotificationRepository notifications;

	@Test
	void listsAnOrdersNotificationsOldestFirst() {
		Notification shipped = stored(new OrderShipped(UUID.randomUUID(), ORDER_ID, "alice", UUID.randomUUID(),
				"SC0123456789ABCDEF", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Instant.now()));
		given(notifications.findByOrderId(ORDER_ID, NotificationRepository.OLDEST_FIRST))
			.willReturn(List.of(shipped));

		assertThat(mvc.get().uri("/api/notifications?orderId={orderId}", ORDER_ID)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"id": "%s", "orderId": "%s", "customerId": "alice", "kind": "ORDER_SHIPPED",
					  "message": "Your order %s is on its way. Tracking number: SC0123456789ABCDEF.",
					  "createdAt": "%s", "sentAt": null}]
					""".formatted(shipped.getId(), ORDER_ID, ORDER_ID, shipped.getCreatedAt()));
	}

	@Test
	void listsACustomersNewestNotificationsAHundredAtMost() {
		Notification declined = stored(new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "bob", "declined",
				Instant.now()));
		given(notifications.findByCustomerIdOrderByCreatedAtDescIdDesc("bob", Limit.of(100)))
			.willReturn(List.of(declined));

		assertThat(mvc.get().uri("/api/notifications?customerId=bob")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"customerId": "bob", "kind": "PAYMENT_DECLINED"}]
					""");
	}

	@Test
	void narrowsToAnOrderOfACustomerWhenGivenBoth() {
		given(notifications.findByOrderIdAndCustomerId(ORDER_ID, "bob", NotificationRepository.OLDEST_FIRST))
			.willReturn(List.of());

		assertThat(mvc.get().uri("/api/notifications?orderId={orderId}&customerId=bob", ORDER_ID)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
		then(notifications).should().findByOrderIdAndCustomerId(ORDER_ID, "bob", NotificationRepository.OLDEST_FIRST);
	}

	@Test
	@WithMockUser(username = "alice", roles = "CUSTOMER")
	void aCustomerAskingForAnOrderGetsTheirOwnNotificationsOfIt() {
		Notification shipped = stored(new OrderShipped(UUID.randomUUID(), ORDER_ID, "alice", UUID.randomUUID(),
				"SC0123456789ABCDEF", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), NOW));
		given(notifications.findByOrderIdAndCustomerId(ORDER_ID, "alice", NotificationRepository.OLDEST_FIRST))
			.willReturn(List.of(shipped));

		assertThat(mvc.get().uri("/api/notifications?orderId={orderId}", ORDER_ID)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"customerId": "alice", "kind": "ORDER_SHIPPED"}]
					""");
	}

	@Test
	@WithMockUser(username = "alice", roles = "CUSTOMER")
	void anotherCustomersOrderListsNothingAsAnOrderNobodyKnows() {
		// bob's notification, which the order alone would find: a customer's query never asks for it.
		given(notifications.findByOrderId(ORDER_ID, NotificationRepository.OLDEST_FIRST)).willReturn(List.of(
				stored(new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "bob", "declined", NOW))));
		given(notifications.findByOrderIdAndCustomerId(ORDER_ID, "alice", NotificationRepository.OLDEST_FIRST))
			.willReturn(List.of());

		// The same answer as for an order nobody knows: a 404 would tell alice that bob's order exists.
		assertThat(mvc.get().uri("/api/notifications?orderId={orderId}", ORDER_ID)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
		then(notifications).should().findByOrderIdAndCustomerId(ORDER_ID, "alice", NotificationRepository.OLDEST_FIRST);
	}

	@Test
	void requiresAnOrderIdOrACustomerId() {
		assertThat(mvc.get().uri("/api/notifications")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status": 400, "detail": "Give an orderId, a customerId, or both",
					 "instance": "/api/notifications"}
					""");
		verifyNoInteractions(notifications);
	}

	@Test
	void rejectsAnOrderIdThatIsNotAUuid() {
		assertThat(mvc.get().uri("/api/notifications?orderId=not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("orderId");
		verifyNoInteractions(notifications);
	}

	@Test
	void rejectsABlankCustomerId() {
		assertThat(mvc.get().uri("/api/notifications").param("customerId", " ")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("customerId must not be blank");
		verifyNoInteractions(notifications);
	}

	private static Notification stored(OrderEvent event) {
		return Notification.about(event, NOW);
	}
}
