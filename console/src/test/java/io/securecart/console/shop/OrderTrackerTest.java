package io.securecart.console.shop;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class OrderTrackerTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

	private final Orders orders = mock(Orders.class);

	private final Authentication alice = new TestingAuthenticationToken("alice", null);

	@Test
	void pagesWhoseServicesHangDoNotHoldUpTheOthersAndEachPollsOneAtATime() {
		UUID hung = UUID.randomUUID();
		UUID alsoHung = UUID.randomUUID();
		UUID answering = UUID.randomUUID();
		CountDownLatch servicesAnswer = new CountDownLatch(1);
		given(orders.progress(any(), eq(hung))).willAnswer(invocation -> {
			servicesAnswer.await();
			return progress(hung);
		});
		given(orders.progress(any(), eq(alsoHung))).willAnswer(invocation -> {
			servicesAnswer.await();
			return progress(alsoHung);
		});
		given(orders.progress(any(), eq(answering))).willReturn(progress(answering));
		ITemplateEngine templates = mock(ITemplateEngine.class);
		given(templates.process(anyString(), anySet(), any())).willReturn("<div>PAID</div>");
		OrderTracker tracker = new OrderTracker(orders, templates, CLOCK);
		try {
			tracker.follow(alice, hung);
			tracker.follow(alice, alsoHung);
			tracker.follow(alice, answering);

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> verify(orders, atLeast(3)).progress(any(), eq(answering)));
			verify(orders, times(1)).progress(any(), eq(hung));
			verify(orders, times(1)).progress(any(), eq(alsoHung));
		}
		finally {
			servicesAnswer.countDown();
			tracker.stop();
		}
	}

	private static OrderProgress progress(UUID id) {
		return new OrderProgress(new Order(id, "alice", "PAID", null, new BigDecimal("25.00"), "USD", List.of(),
				List.of()), List.of(), List.of());
	}
}
