package io.securecart.console.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.securecart.console.TestUsers;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.ConsoleProperties;
import io.securecart.console.api.Service;
import io.securecart.console.security.ConsoleSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(OrderController.class)
@Import({ ConsoleSecurityConfiguration.class, OrderTracker.class })
@EnableConfigurationProperties(ConsoleProperties.class)
class OrderControllerTest {

	private static final UUID ORDER = UUID.fromString("7b0c1a52-2b4f-4b51-9e2a-3c2f7f0e2d11");

	private static final String KEY = "0d5b8f0e-6a43-4a5e-a7d2-5d3c2b1a0f99";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Orders orders;

	@Test
	void placingAnOrderSendsItToCheckoutAndOpensItsTracker() throws Exception {
		given(orders.place(any(), eq(KEY), eq("SC-MUG-002"), eq(2), eq("tok_visa"))).willReturn(order("PLACED"));

		mvc.perform(post("/orders").with(TestUsers.customer("alice"))
			.with(csrf())
			.param("sku", "SC-MUG-002")
			.param("quantity", "2")
			.param("paymentToken", "tok_visa")
			.param("idempotencyKey", KEY)).andExpect(status().isFound()).andExpect(redirectedUrl("/orders/" + ORDER));
	}

	@Test
	void aTokenThatIsNotADemoTokenOrAQuantityOutOfRangeIsRefusedAndNothingIsPlaced() throws Exception {
		String page = mvc
			.perform(post("/orders").with(TestUsers.customer("alice"))
				.with(csrf())
				.param("sku", "SC-MUG-002")
				.param("quantity", "101")
				.param("paymentToken", "tok_someone_elses_card")
				.param("idempotencyKey", KEY))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Invalid input", "quantity", "must be one of the demo payment tokens")
			.doesNotContain("Exception");
		then(orders).should(org.mockito.Mockito.never()).place(any(), anyString(), anyString(), anyInt(), anyString());
	}

	@Test
	void someoneElsesOrderIsCheckoutsNotFoundShownAsAPageWithoutInternals() throws Exception {
		given(orders.progress(any(), eq(ORDER))).willThrow(
				new ApiProblemException(Service.CHECKOUT, 404, "Resource not found", "Order " + ORDER + " not found"));

		String page = mvc.perform(get("/orders/" + ORDER).with(TestUsers.customer("bob")))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Resource not found", "Order " + ORDER + " not found", "checkout-service")
			.doesNotContain("Exception", "at io.securecart");
	}

	@Test
	void anOpenOrderSubscribesToItsLiveStreamAndAFinishedOneDoesNot() throws Exception {
		given(orders.progress(any(), eq(ORDER))).willReturn(progress("PAID"));
		String open = mvc.perform(get("/orders/" + ORDER).with(TestUsers.customer("alice")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(open).contains("sse-connect=\"/orders/" + ORDER + "/live\"", "sse-close=\"done\"", "Paid",
				"Order placed");

		given(orders.progress(any(), eq(ORDER))).willReturn(progress("SHIPPED"));
		String finished = mvc.perform(get("/orders/" + ORDER).with(TestUsers.customer("alice")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(finished).doesNotContain("sse-connect").contains("SHIPPED");
	}

	@Test
	void anOrderPageSaysWhichServiceDidNotAnswer() throws Exception {
		given(orders.progress(any(), eq(ORDER))).willReturn(new OrderProgress(order("PAID"), List.of(), List.of(),
				List.of(new ApiProblemException(Service.NOTIFICATION, 503, "Service unavailable", "unreachable"))));

		String page = mvc.perform(get("/orders/" + ORDER).with(TestUsers.customer("alice")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("PAID", "notification-service did not answer (Service unavailable)");
	}

	@Test
	void theLiveStreamPushesEachChangeAndEndsOnceTheOrderIsFinalAndTheCustomerTold() throws Exception {
		AtomicInteger polls = new AtomicInteger();
		given(orders.order(any(), eq(ORDER))).willReturn(order("PLACED"));
		given(orders.progress(any(), eq(ORDER))).willAnswer(invocation -> switch (polls.incrementAndGet()) {
			case 1 -> progress("PLACED");
			case 2 -> progress("PAID");
			default -> new OrderProgress(order("SHIPPED"), List.of(), List.of(new Notification(UUID.randomUUID(),
					ORDER, "ORDER_SHIPPED", "Your order is on its way.", Instant.now())));
		});

		MvcResult stream = mvc.perform(get("/orders/" + ORDER + "/live").with(TestUsers.customer("alice")))
			.andExpect(request().asyncStarted())
			.andReturn();
		stream.getAsyncResult(10_000);
		String events = mvc.perform(asyncDispatch(stream)).andReturn().getResponse().getContentAsString();

		assertThat(events).containsSubsequence("event:order", "PLACED", "event:order", "PAID", "event:order",
				"SHIPPED", "on its way", "event:done");
		assertThat(events.lines().filter(line -> line.startsWith("data:")).count())
			.as("each fragment is one data line").isEqualTo(4);
	}

	@Test
	void someoneElsesOrderOpensNoStream() throws Exception {
		given(orders.order(any(), eq(ORDER)))
			.willThrow(new ApiProblemException(Service.CHECKOUT, 404, "Resource not found", "not yours"));

		mvc.perform(get("/orders/" + ORDER + "/live").with(TestUsers.customer("bob")))
			.andExpect(status().isNotFound());
		then(orders).should(org.mockito.Mockito.never()).progress(any(), any());
	}

	private static OrderProgress progress(String status) {
		return new OrderProgress(order(status), List.of(), List.of());
	}

	private static Order order(String status) {
		List<Order.TimelineItem> timeline = new java.util.ArrayList<>();
		timeline.add(new Order.TimelineItem("OrderPlaced", Instant.parse("2026-11-30T12:00:00Z"), null));
		if (!status.equals("PLACED")) {
			timeline.add(new Order.TimelineItem("PaymentAuthorized", Instant.parse("2026-11-30T12:00:01Z"), null));
		}
		if (status.equals("SHIPPED")) {
			timeline.add(new Order.TimelineItem("OrderShipped", Instant.parse("2026-11-30T12:00:02Z"), null));
		}
		return new Order(ORDER, "alice", status, null, new BigDecimal("25.00"), "USD",
				List.of(new Order.Item("SC-MUG-002", 2, new BigDecimal("12.50"))), timeline);
	}
}
