package io.securecart.payment.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;
import io.securecart.contracts.Money;

import org.springframework.stereotype.Component;

/**
 * The payment gateway as the rest of the service calls it: each attempt limited in time, transient failures retried
 * with backoff, and all of it behind a circuit breaker. The numbers, and why, are in {@code application.yml} under
 * {@code resilience4j.*.instances.paymentGateway}.
 * <p>
 * The aspects nest as CircuitBreaker( Retry( TimeLimiter( call ))) (application.yml sets the breaker's aspect
 * order): every attempt is timed, the breaker counts whole calls with their retries (a blip the retries absorb is
 * no failure), and a call the open breaker refuses ({@code CallNotPermittedException}) makes no attempt at all.
 * {@code GatewayClientTest} proves the order. A decline is an answer, not a failure: it is neither retried nor
 * counted against the gateway.
 * <p>
 * The time limiter needs the call to be asynchronous; each runs on its own virtual thread, and callers wait with
 * {@link #await(CompletableFuture)}.
 */
@Component
public class GatewayClient implements AutoCloseable {

	/** The name of the gateway's time limiter, retry and circuit breaker. */
	public static final String PAYMENT_GATEWAY = "paymentGateway";

	private final PaymentGateway gateway;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	GatewayClient(PaymentGateway gateway) {
		this.gateway = gateway;
	}

	@Retry(name = PAYMENT_GATEWAY)
	@CircuitBreaker(name = PAYMENT_GATEWAY)
	@TimeLimiter(name = PAYMENT_GATEWAY)
	public CompletableFuture<Authorization> authorize(String idempotencyKey, String paymentToken, Money amount) {
		return CompletableFuture.supplyAsync(() -> gateway.authorize(idempotencyKey, paymentToken, amount), calls);
	}

	@Retry(name = PAYMENT_GATEWAY)
	@CircuitBreaker(name = PAYMENT_GATEWAY)
	@TimeLimiter(name = PAYMENT_GATEWAY)
	public CompletableFuture<RefundReceipt> refund(String idempotencyKey, String chargeReference, Money amount) {
		return CompletableFuture.supplyAsync(() -> gateway.refund(idempotencyKey, chargeReference, amount), calls);
	}

	/**
	 * Waits for a call and returns its result, or rethrows what it failed with: {@link GatewayUnavailableException}
	 * when the gateway did not answer in any attempt (timeouts included), {@code CallNotPermittedException} when the
	 * circuit breaker is open.
	 */
	public static <T> T await(CompletableFuture<T> call) {
		try {
			return call.join();
		}
		catch (CompletionException ex) {
			throw switch (ex.getCause()) {
				case TimeoutException timeout ->
					new GatewayUnavailableException("Payment gateway did not answer in time", timeout);
				case RuntimeException failure -> failure;
				case null, default -> ex;
			};
		}
	}

	@Override
	public void close() {
		calls.shutdownNow();
	}
}
