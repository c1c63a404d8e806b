package io.securecart.console.shop;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.securecart.console.MovableClock;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
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

	@Test
	void aUserFollowsAtMostFivePagesAtOnceAndANewOneEndsTheirOldest() {
		given(orders.progress(any(), any())).willAnswer(invocation -> progress(invocation.getArgument(1)));
		OrderTracker tracker = new OrderTracker(orders, oneFragment(), CLOCK);
		try {
			SseEmitter oldest = tracker.follow(alice, UUID.randomUUID());
			for (int page = 2; page <= OrderTracker.MAX_PAGES_PER_USER; page++) {
				tracker.follow(alice, UUID.randomUUID());
			}
			assertThat(tracker.followedPages("alice")).isEqualTo(OrderTracker.MAX_PAGES_PER_USER);

			tracker.follow(alice, UUID.randomUUID());
			tracker.follow(new TestingAuthenticationToken("bob", null), UUID.randomUUID());

			assertThat(tracker.followedPages("alice")).isEqualTo(OrderTracker.MAX_PAGES_PER_USER);
			assertThat(tracker.followedPages("bob")).as("another user's pages are theirs").isEqualTo(1);
			assertThatIllegalStateException().as("the oldest stream was ended")
				.isThrownBy(() -> oldest.send(SseEmitter.event().comment("still there?")));
		}
		finally {
			tracker.stop();
		}
	}

	@Test
	void aPageWhoseBrowserWentAwayStopsBeingPolledAtTheNextKeepAlive() {
		UUID gone = UUID.randomUUID();
		UUID open = UUID.randomUUID();
		given(orders.progress(any(), any())).willAnswer(invocation -> progress(invocation.getArgument(1)));

		assertPollsStopAtTheNextKeepAliveOnceTheBrowserLeaves(gone, open);
	}

	@Test
	void aPageWhoseBrowserWentAwayStopsBeingPolledEvenWhileItsServicesFail() {
		UUID gone = UUID.randomUUID();
		UUID open = UUID.randomUUID();
		given(orders.progress(any(), eq(gone)))
			.willThrow(new ApiProblemException(Service.CHECKOUT, 503, "Unavailable", "checkout is restarting"));
		given(orders.progress(any(), eq(open))).willReturn(progress(open));

		assertPollsStopAtTheNextKeepAliveOnceTheBrowserLeaves(gone, open);
	}

	/** {@code gone}'s fragment never changes (or never comes): only a keep-alive can find its browser gone. */
	private void assertPollsStopAtTheNextKeepAliveOnceTheBrowserLeaves(UUID gone, UUID open) {
		MovableClock clock = new MovableClock(CLOCK.instant());
		OrderTracker tracker = new OrderTracker(orders, oneFragment(), clock);
		try {
			SseEmitter closed = tracker.follow(alice, gone);
			tracker.follow(alice, open);
			await().atMost(Duration.ofSeconds(10)).until(() -> polls(gone) >= 1);
			// Writes to it fail from now on, as to a connection the browser closed.
			closed.complete();
			int polledBefore = polls(gone);
			int openPolledBefore = polls(open);

			clock.move(OrderTracker.KEEP_ALIVE.plusSeconds(1));

			await().atMost(Duration.ofSeconds(10)).until(() -> polls(open) >= openPolledBefore + 4);
			assertThat(polls(gone)).as("polled until its keep-alive failed, then no more")
				.isLessThanOrEqualTo(polledBefore + 2);
			assertThat(tracker.followedPages("alice")).isEqualTo(1);
		}
		finally {
			tracker.stop();
		}
	}

	private int polls(UUID order) {
		return (int) mockingDetails(orders).getInvocations()
			.stream()
			.filter(invocation -> invocation.getArguments().length == 2 && order.equals(invocation.getArgument(1)))
			.count();
	}

	private static ITemplateEngine oneFragment() {
		ITemplateEngine templates = mock(ITemplateEngine.class);
		given(templates.process(anyString(), anySet(), any())).willReturn("<div>PAID</div>");
		return templates;
	}

	private static OrderProgress progress(UUID id) {
		return new OrderProgress(new Order(id, "alice", "PAID", null, new BigDecimal("25.00"), "USD", List.of(),
				List.of()), List.of(), List.of());
	}
}
