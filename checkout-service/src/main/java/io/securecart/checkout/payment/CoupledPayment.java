package io.securecart.checkout.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Set;

import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentPort;
import io.securecart.checkout.order.PaymentRequestRefusedException;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.order.PaymentUnavailableException;
import io.securecart.contracts.events.OrderPlaced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestClient;

/**
 * The coupled baseline, for comparison only: checkout calls payment-service's
 * {@code POST /api/payments/authorizations} and waits for the decision before it answers the customer. Nothing goes to
 * {@code orders.fifo}; payment still announces its decision on the topic, and the order follows it as usual.
 * <p>
 * The order is committed first and the call is idempotent by order id, so a request that failed (payment down, too
 * slow, its gateway unavailable: 503 to the customer) can be sent again with the same {@code Idempotency-Key}, and
 * asks payment again for the same order: charged once. So is checkout's own token for the call that could not be had
 * (the issuer down or too slow). Only payment's own word that it refuses the order itself (its
 * problem type {@code authorization-refused}) is {@link PaymentRequestRefusedException} instead: 502, and the order
 * cancelled (ADR 42, amended 2026-12-06). Any other 4xx, a 404 or 403 of a rolling deployment, a framework's 400
 * about a field payment does not know yet, is a 503 like payment being down. What this mode costs is what the
 * benchmarks measure ({@code ./securecart bench}): every order waits for payment, and no order can be placed while
 * payment is down.
 * <p>
 * JDK HTTP client: it sends a request once (Apache HttpClient would re-send a POST answered 503).
 */
class CoupledPayment implements PaymentPort {

	private static final Logger log = LoggerFactory.getLogger(CoupledPayment.class);

	/**
	 * Payment's problem types that refuse the order itself, which no retry, and no deployment finishing, changes
	 * (payment-service's {@code PaymentProblems}).
	 */
	static final Set<URI> ORDER_REFUSED = Set
		.of(URI.create("https://securecart.example/problems/authorization-refused"));

	private final RestClient payment;

	CoupledPayment(RestClient.Builder http, PaymentProperties.Payment settings) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build());
		requests.setReadTimeout(settings.timeout());
		this.payment = http.baseUrl(settings.baseUrl()).requestFactory(requests).build();
	}

	/** Nothing to record with the order: payment is asked directly, once the order is committed. */
	@Override
	public void orderPlaced(OrderPlaced order) {
	}

	/**
	 * Asks payment to decide, unless the order shows a decision already (a replayed request of a paid or cancelled
	 * order). An order still waiting for its payment is asked for again: the call is idempotent. A high-value order
	 * (screening, under review, cleared) is asked for too: payment holds it, with its token, until the screening's
	 * verdict and answers 409 {@code order-held-for-screening}; the verdict then charges it, or not, on its own. One
	 * whose charge was set aside for reconciliation answers 409 {@code charge-awaits-reconciliation}: a person's
	 * settlement decides it. Either way the order waits for payment's event, as in decoupled mode.
	 */
	@Override
	public void beforeAnswering(OrderView order, PaymentToken paymentToken) {
		if (!order.status().isAwaitingPayment()) {
			return;
		}
		PaymentDecision decision;
		try {
			decision = payment.post()
				.uri("/api/payments/authorizations")
				.body(AuthorizationRequest.of(order, paymentToken))
				.retrieve()
				.onStatus(HttpStatusCode::is5xxServerError, (request, response) -> {
					throw new PaymentUnavailableException(order.id(),
							"payment-service answered " + response.getStatusCode().value());
				})
				.onStatus(status -> status.isSameCodeAs(HttpStatus.CONFLICT), (request, response) -> {
					throw new DecidedLater();
				})
				.body(PaymentDecision.class);
		}
		catch (DecidedLater later) {
			log.info("Order {}: payment decides it later (held for fraud screening, or its charge awaits "
					+ "reconciliation)", order.id());
			return;
		}
		catch (OAuth2AuthorizationException noToken) {
			// Checkout's own token could not be had (issuer down, too slow, or refusing it): payment was not asked,
			// and the saved order waits as when payment is down. Only the error code is told: the description is
			// the issuer's, and the cause's message quotes the token request.
			String code = noToken.getError().getErrorCode();
			log.warn("Order {}: no service token to call payment-service ({})", order.id(), code);
			throw new PaymentUnavailableException(order.id(), "no service token to call payment-service (" + code
					+ ")");
		}
		catch (ResourceAccessException ex) {
			// Refused, timed out, or the connection broke: payment may or may not have decided; asking again is safe.
			throw new PaymentUnavailableException(order.id(), ex);
		}
		catch (RestClientResponseException ex) {
			int status = ex.getStatusCode().value();
			if (refusesTheOrder(ex)) {
				// The same request again gets the same refusal: a 503 would have the client retry it in a loop.
				log.warn("Order {}: payment-service refused its payment request ({}), for good", order.id(), status);
				throw new PaymentRequestRefusedException(order.id(), status);
			}
			// Any other 4xx may be gone a minute later: 401 (checkout's token), 408, 429, and a 404, 403 or 400 of a
			// payment task not yet (or no longer) running this release. The order is saved, so a 500 would leave it
			// waiting with an answer no client retries. A 503 is retried with the same key.
			log.warn("Order {}: payment-service answered {} instead of a decision", order.id(), status);
			throw new PaymentUnavailableException(order.id(), "payment-service answered " + status);
		}
		catch (RestClientException ex) {
			// A 200 whose body is no decision, or any other failure of the call. Its message may quote the body: only
			// its type is told.
			log.warn("Order {}: payment-service's answer could not be read ({})", order.id(),
					ex.getClass().getSimpleName());
			throw new PaymentUnavailableException(order.id(),
					"payment-service's answer could not be read (" + ex.getClass().getSimpleName() + ")");
		}
		if (decision == null) {
			throw new PaymentUnavailableException(order.id(), "payment-service answered without a decision");
		}
		log.info("Order {}: payment {} {}, decided while the customer waited", order.id(), decision.id(),
				decision.status());
	}

	/**
	 * A 4xx that payment itself says refuses the order ({@link #ORDER_REFUSED}, in {@code application/problem+json}).
	 * The status alone cannot say it: during a rolling deployment a task without the coupled endpoint answers 404, a
	 * half-rolled role change 403, an older payment 400 to a field it does not know yet, and a minute later the same
	 * request succeeds.
	 */
	private static boolean refusesTheOrder(RestClientResponseException ex) {
		MediaType type = ex.getResponseHeaders() == null ? null : ex.getResponseHeaders().getContentType();
		if (!ex.getStatusCode().is4xxClientError() || type == null
				|| !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
			return false;
		}
		try {
			ProblemDetail problem = ex.getResponseBodyAs(ProblemDetail.class);
			return problem != null && ORDER_REFUSED.contains(problem.getType());
		}
		catch (RuntimeException unreadable) {
			return false;
		}
	}

	/**
	 * Payment's 409, {@code order-held-for-screening} or {@code charge-awaits-reconciliation}: no decision now, and
	 * payment announces it when there is one.
	 */
	private static final class DecidedLater extends RuntimeException {

		DecidedLater() {
			super(null, null, false, false);
		}
	}
}
