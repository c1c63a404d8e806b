package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an asynchronous AWS call, but never forever: a broker that does not answer costs a failed call, not a
 * stuck thread (or, in the outbox relay, row locks held without end).
 */
public final class BoundedCalls {

	private BoundedCalls() {
	}

	/**
	 * @return the call's result
	 * @throws RuntimeException the call's own exception, or {@link IllegalStateException} when it did not answer
	 * within {@code timeout} (the call is then cancelled)
	 */
	public static <T> T await(CompletableFuture<T> call, Duration timeout, String broker) {
		try {
			return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			throw new IllegalStateException("Interrupted while waiting for " + broker, ex);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new IllegalStateException(broker + " did not answer within " + timeout, ex);
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof RuntimeException runtime ? runtime
					: new IllegalStateException(ex.getCause());
		}
	}
}
