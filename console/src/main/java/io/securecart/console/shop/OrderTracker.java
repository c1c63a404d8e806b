package io.securecart.console.shop;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.IssuerUnavailableException;
import io.securecart.console.api.SignInRequiredException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Follows an order for one open page and pushes its progress as server-sent events. No service pushes order events to
 * browsers, so the console polls checkout's, fulfillment's and notification's APIs server-side (every
 * {@link #POLL_INTERVAL}, as the signed-in user) and sends the rendered fragment only when it changed: event
 * {@code order} (the fragment htmx swaps in), then {@code done} once the order is final and its notifications have
 * settled, which closes the stream.
 * <p>
 * Each stream costs three service calls a poll for up to {@link #MAX_STREAM}, whether or not a browser still reads it
 * (a servlet container notices a closed connection only when it writes). So a user follows at most
 * {@link #MAX_PAGES_PER_USER} pages at once, a new one ending their oldest, and a stream with nothing new to say
 * writes a comment every {@link #KEEP_ALIVE}, which fails once the browser has gone and stops its polls.
 */
@Component
class OrderTracker {

	static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	/** After the order is final, how long to keep looking for the notification about it. */
	static final Duration SETTLE = Duration.ofSeconds(10);

	static final Duration MAX_STREAM = Duration.ofMinutes(10);

	/** Open order pages a user may follow at once; a tab more ends their oldest stream. */
	static final int MAX_PAGES_PER_USER = 5;

	/** How long a stream stays silent before it writes a comment, which tells whether the browser is still there. */
	static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	static final String FRAGMENT_TEMPLATE = "shop/tracker";

	static final String FRAGMENT = "progress";

	private static final Logger log = LoggerFactory.getLogger(OrderTracker.class);

	/** Only times the polls: each poll blocks on three services, so it runs on a virtual thread of its own. */
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("order-tracker").daemon().factory());

	private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();

	/** Each user's followed pages, oldest first. */
	private final ConcurrentMap<String, Deque<Follower>> followed = new ConcurrentHashMap<>();

	private final Orders orders;

	private final ITemplateEngine templates;

	private final Clock clock;

	OrderTracker(Orders orders, ITemplateEngine templates, Clock clock) {
		this.orders = orders;
		this.templates = templates;
		this.clock = clock;
	}

	SseEmitter follow(Authentication user, UUID orderId) {
		SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
		Follower follower = new Follower(user, orderId, emitter);
		// Counted before its first poll can end it, so that its end always uncounts it.
		List<Follower> over = new ArrayList<>();
		followed.compute(user.getName(), (name, pages) -> {
			Deque<Follower> open = pages == null ? new ConcurrentLinkedDeque<>() : pages;
			open.addLast(follower);
			while (open.size() > MAX_PAGES_PER_USER) {
				over.add(open.pollFirst());
			}
			return open;
		});
		over.forEach(Follower::finish);
		ScheduledFuture<?> polling = scheduler.scheduleWithFixedDelay(follower::pollUnlessPolling,
				POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		follower.polling.set(polling);
		emitter.onCompletion(follower::cancel);
		emitter.onTimeout(follower::cancel);
		emitter.onError(error -> follower.cancel());
		return emitter;
	}

	/** How many pages {@code username} follows now. */
	int followedPages(String username) {
		Deque<Follower> pages = followed.get(username);
		return pages == null ? 0 : pages.size();
	}

	/** The fragment as the order page shows it, on one line (an SSE data field ends at a line break). */
	String render(OrderProgress progress) {
		Context context = new Context(Locale.ENGLISH, Map.of("progress", progress));
		return templates.process(FRAGMENT_TEMPLATE, Set.of(FRAGMENT), context).replaceAll("\\s*\\R\\s*", " ").strip();
	}

	@PreDestroy
	void stop() {
		scheduler.shutdownNow();
		polls.shutdownNow();
	}

	private final class Follower {

		private final Authentication user;

		private final UUID orderId;

		private final SseEmitter emitter;

		private final AtomicReference<ScheduledFuture<?>> polling = new AtomicReference<>();

		/** One poll at a time per page: a service that answers slowly delays this page, never the others. */
		private final AtomicBoolean busy = new AtomicBoolean();

		private String lastSent;

		private Instant lastWritten;

		private Instant finalSince;

		Follower(Authentication user, UUID orderId, SseEmitter emitter) {
			this.user = user;
			this.orderId = orderId;
			this.emitter = emitter;
			this.lastWritten = clock.instant();
		}

		void pollUnlessPolling() {
			if (busy.compareAndSet(false, true)) {
				try {
					polls.execute(() -> {
						try {
							poll();
						}
						finally {
							busy.set(false);
						}
					});
				}
				catch (RejectedExecutionException stopping) {
					busy.set(false);
				}
			}
		}

		private void poll() {
			try {
				OrderProgress progress = orders.progress(user, orderId);
				String html = render(progress);
				if (!html.equals(lastSent)) {
					emitter.send(SseEmitter.event().name("order").data(html));
					lastSent = html;
					lastWritten = clock.instant();
				}
				if (progress.order().terminal()) {
					finalSince = finalSince == null ? clock.instant() : finalSince;
					boolean settled = !progress.notifications().isEmpty()
							|| clock.instant().isAfter(finalSince.plus(SETTLE));
					if (settled) {
						finish();
					}
				}
			}
			catch (ApiProblemException ex) {
				if (ex.status() < 500) {
					finish(); // gone, or no longer visible: nothing more to follow
				}
				// a 5xx or an unreachable service: keep trying, the next poll may succeed
			}
			catch (IssuerUnavailableException ex) {
				// the user's token could not be refreshed just now: keep trying, as for a service's 5xx
			}
			catch (SignInRequiredException ex) {
				finish();
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away
				cancel();
			}
			catch (RuntimeException ex) {
				log.warn("Following order {} failed", orderId, ex);
				cancel();
				emitter.completeWithError(ex);
			}
			keepAliveIfSilent();
		}

		/** Whatever the poll found (nothing new, a service down): a write now and then tells if the browser left. */
		private void keepAliveIfSilent() {
			ScheduledFuture<?> future = polling.get();
			if (future == null || future.isCancelled() || !clock.instant().isAfter(lastWritten.plus(KEEP_ALIVE))) {
				return;
			}
			try {
				emitter.send(SseEmitter.event().comment("still following"));
				lastWritten = clock.instant();
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away
				cancel();
			}
		}

		private void finish() {
			cancel();
			try {
				emitter.send(SseEmitter.event().name("done").data("done"));
				emitter.complete();
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away first
			}
		}

		private void cancel() {
			ScheduledFuture<?> future = polling.get();
			if (future != null) {
				future.cancel(false);
			}
			followed.computeIfPresent(user.getName(), (name, pages) -> {
				pages.remove(this);
				return pages.isEmpty() ? null : pages;
			});
		}
	}
}
