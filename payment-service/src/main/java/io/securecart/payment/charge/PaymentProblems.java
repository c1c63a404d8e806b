package io.securecart.payment.charge;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The payment API's problem types: a gateway that cannot answer now is a 503 with {@code Retry-After}; a high-value
 * order asked for in the coupled mode is paid once fraud screening passes it, not now; an order refused for good in
 * the coupled mode is {@code authorization-refused}, the one type on which checkout cancels it; only an attempt set
 * aside for reconciliation can be settled, and only with a charge the provider confirms; so for a refund set aside,
 * with a refund the provider confirms, and only a refund set aside is asked for again under a new key.
 */
@Configuration(proxyBeanMethods = false)
public class PaymentProblems {

	/** Seconds to wait before asking again: the gateway circuit's wait in the open state. */
	static final String GATEWAY_RETRY_AFTER_SECONDS = "5";

	@Bean
	DomainProblems paymentDomainProblems() {
		return new DomainProblems()
			.map(GatewayUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "gateway-unavailable",
					"Payment gateway unavailable", (ex, problem, headers) -> {
						problem.setDetail("payment gateway unavailable, try again");
						headers.set(HttpHeaders.RETRY_AFTER, GATEWAY_RETRY_AFTER_SECONDS);
					})
			.map(CallNotPermittedException.class, HttpStatus.SERVICE_UNAVAILABLE, "gateway-unavailable",
					"Payment gateway unavailable", (ex, problem, headers) -> {
						problem.setDetail("payment gateway unavailable (circuit open), try again");
						headers.set(HttpHeaders.RETRY_AFTER, GATEWAY_RETRY_AFTER_SECONDS);
					})
			.map(OrderHeldForScreeningException.class, HttpStatus.CONFLICT, "order-held-for-screening",
					"Order held for fraud screening")
			.map(AuthorizationRefusedException.class, HttpStatus.UNPROCESSABLE_CONTENT, "authorization-refused",
					"Authorization refused")
			.map(PaymentAttemptNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found")
			.map(ChargeAwaitsReconciliationException.class, HttpStatus.CONFLICT, "charge-awaits-reconciliation",
					"Charge awaits reconciliation")
			.map(NotAwaitingReconciliationException.class, HttpStatus.CONFLICT, "not-awaiting-reconciliation",
					"Payment attempt not awaiting reconciliation")
			.map(ChargeNotConfirmedException.class, HttpStatus.UNPROCESSABLE_CONTENT, "charge-not-confirmed",
					"Charge not confirmed by the payment provider")
			.map(RefundAttemptNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found")
			.map(RefundNotAwaitingReconciliationException.class, HttpStatus.CONFLICT,
					"refund-not-awaiting-reconciliation", "Refund not awaiting reconciliation")
			.map(RefundNotConfirmedException.class, HttpStatus.UNPROCESSABLE_CONTENT, "refund-not-confirmed",
					"Refund not confirmed by the payment provider");
	}
}
