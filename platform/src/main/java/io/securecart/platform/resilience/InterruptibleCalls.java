package io.securecart.platform.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A blocking call made asynchronous for resilience4j's {@code TimeLimiter.decorateCompletionStage}, and interrupted
 * when the time limiter gives up on it.
 * <p>
 * The time limiter times a completion stage out by completing it with a {@code TimeoutException}; that stops nothing
 * ({@code cancel-running-future} applies to futures only), and {@code CompletableFuture.supplyAsync}'s future does not
 * know its thread anyway. The call would go on beside its retry, holding what it holds (a connection, a permit of the
 * partner's) until its own timeout, if it has one. Here the future completed first interrupts the call's thread, and
 * a call blocked in interruptible I/O or a sleep ends at once.
 */
public final class InterruptibleCalls {

	private InterruptibleCalls() {
	}

	/**
	 * Starts {@code call} on {@code executor} (one virtual thread per call, typically).
	 * @return its result; completing it before the call answers (a timeout) interrupts the call
	 */
	public static <T> CompletableFuture<T> submit(ExecutorService executor, Supplier<T> call) {
		CompletableFuture<T> answer = new CompletableFuture<>();
		AtomicBoolean answered = new AtomicBoolean();
		Future<?> running = executor.submit(() -> {
			T result;
			try {
				result = call.get();
			}
			catch (Throwable failure) {
				answered.set(true);
				answer.completeExceptionally(failure);
				return;
			}
			answered.set(true);
			answer.complete(result);
		});
		// Not when the call answered: what depends on the future runs on the call's thread then, and must not find
		// itself interrupted.
		answer.whenComplete((result, failure) -> {
			if (!answered.get()) {
				running.cancel(true);
			}
		});
		return answer;
	}
}
