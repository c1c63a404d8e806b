package io.securecart.payment.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.securecart.contracts.Money;
import io.securecart.platform.resilience.InterruptibleCalls;

import org.springframework.stereotype.Component;

/**
 * The payment gateway as the rest of the service calls it: each attempt limited in time, transient failures retried
 * with backoff, and all of it behind a circuit breaker. The numbers, and why, are in {@code application.yml} under
 * {@code resilience4j.*.instances.paymentGateway}.
 * <p>
 * The decorators nest as CircuitBreaker( Retry( TimeLimiter( call ))), in {@link #guarded(Supplier)}: every attempt
 * is timed, the breaker counts whole calls with their retries (a blip the retries absorb is no failure), and a call
 * the open breaker refuses ({@code CallNotPermittedException}) makes no attempt at all. {@code GatewayClientTest}
 * proves the order. A decline is an answer, not a failure: it is neither retried nor counted against the gateway; nor
 * is a refusal for good ({@link RefundRefusedException}, {@link IdempotencyKeyReusedException}), which asking again
 * gets again, and which says nothing about whether the gateway answers.
 * The instances come from resilience4j's registries, configured in {@code application.yml}, which also gives them
 * their metrics and events; no aspect is involved (docs/adr/0024-resilience-decorators-in-code.md).
 * <p>
 * The time limiter needs the call to be asynchronous; each runs on its own virtual thread, and callers wait with
 * {@link #await(CompletableFuture)}. One scheduler thread times the attempts out and waits between them. An attempt
 * that timed out is interrupted ({@code InterruptibleCalls}), so it does not go on beside its retry.
 */
@Component
public class GatewayClient implements AutoCloseable {

	/** The name of the gateway's time limiter, retry and circuit breaker. */
	public static final String PAYMENT_GATEWAY = "paymentGateway";

	private final PaymentGateway gateway;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final TimeLimiter timeLimiter;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("payment-gateway-timer").daemon().factory());

	GatewayClient(PaymentGateway gateway, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			TimeLimiterRegistry timeLimiters) {
		this.gateway = gateway;
		this.circuitBreaker = circuitBreakers.circuitBreaker(PAYMENT_GATEWAY);
		this.retry = retries.retry(PAYMENT_GATEWAY);
		this.timeLimiter = timeLimiters.timeLimiter(PAYMENT_GATEWAY);
	}

	public CompletableFuture<Authorization> authorize(String idempotencyKey, String paymentToken, Money amount) {
		return guarded(() -> gateway.authorize(idempotencyKey, paymentToken, amount));
	}

	public CompletableFuture<RefundReceipt> refund(String idempotencyKey, String chargeReference, Money amount) {
		return guarded(() -> gateway.refund(idempotencyKey, chargeReference, amount));
	}

	/** A read: retried like the other calls, and counted by the breaker, since it needs the provider as they do. */
	public CompletableFuture<Boolean> madeCharge(String chargeReference, String idempotencyKey, Money amount) {
		return guarded(() -> gateway.madeCharge(chargeReference, idempotencyKey, amount));
	}

	/** The same for a refund ({@link PaymentGateway#madeRefund}). */
	public CompletableFuture<Boolean> madeRefund(String refundReference, String idempotencyKey,
			String chargeReference, Money amount) {
		return guarded(() -> gateway.madeRefund(refundReference, idempotencyKey, chargeReference, amount));
	}

	/** The same for a refund made under any key ({@link PaymentGateway#madeRefundUnderAnyKey}). */
	public CompletableFuture<Boolean> madeRefundUnderAnyKey(String refundReference, String chargeReference,
			Money amount) {
		return guarded(() -> gateway.madeRefundUnderAnyKey(refundReference, chargeReference, amount));
	}

	/**
	 * One probe of the gateway through the circuit breaker and the time limiter, never retried: the breaker counts it
	 * like any call, so probes in its half-open state close or reopen it without an order.
	 */
	public CompletableFuture<Void> probe() {
		Supplier<CompletionStage<Void>> attempt = TimeLimiter.decorateCompletionStage(timeLimiter, timer,
				() -> InterruptibleCalls.submit(calls, () -> {
					gateway.probe();
					return null;
				}));
		return CircuitBreaker.decorateCompletionStage(circuitBreaker, attempt).get().toCompletableFuture();
	}

	private <T> CompletableFuture<T> guarded(Supplier<T> call) {
		Supplier<CompletionStage<T>> attempt = TimeLimiter.decorateCompletionStage(timeLimiter, timer,
				() -> InterruptibleCalls.submit(calls, call));
		Supplier<CompletionStage<T>> attempts = Retry.decorateCompletionStage(retry, timer, attempt);
		return CircuitBreaker.decorateCompletionStage(circuitBreaker, attempts).get().toCompletableFuture();
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
		timer.shutdownNow();
		calls.shutdownNow();
	}
}
