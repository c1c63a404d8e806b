package io.securecart.platform.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InterruptibleCallsTest {

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	private final CountDownLatch partnerAnswers = new CountDownLatch(1);

	@AfterEach
	void stop() {
		partnerAnswers.countDown();
		calls.shutdownNow();
	}

	@Test
	void aCallGivenUpOnIsInterrupted() {
		CountDownLatch calling = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CompletableFuture<String> call = InterruptibleCalls.submit(calls, () -> {
			calling.countDown();
			try {
				partnerAnswers.await();
				return "answer";
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw new IllegalStateException("interrupted", ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> calling.getCount() == 0);

		call.completeExceptionally(new TimeoutException("as resilience4j's time limiter does"));

		await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
	}

	@Test
	void aCallThatAnswersIsNotInterruptedNorAreItsDependents() throws Exception {
		AtomicBoolean dependentInterrupted = new AtomicBoolean(true);
		CountDownLatch calling = new CountDownLatch(1);
		CompletableFuture<String> call = InterruptibleCalls.submit(calls, () -> {
			calling.countDown();
			try {
				partnerAnswers.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "answer";
		});
		// Registered before the answer: it runs on the call's thread, as a retry's or a breaker's callbacks do.
		CompletableFuture<String> dependent = call.thenApply(answer -> {
			dependentInterrupted.set(Thread.currentThread().isInterrupted());
			return answer;
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> calling.getCount() == 0);

		partnerAnswers.countDown();

		assertThat(dependent.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
		assertThat(dependentInterrupted).isFalse();
	}

	@Test
	void aCallThatFailsPassesItsFailureOn() {
		CompletableFuture<String> call = InterruptibleCalls.submit(calls, () -> {
			throw new IllegalArgumentException("refused");
		});

		assertThat(call).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(IllegalArgumentException.class);
	}
}
