package io.securecart.payment.charge;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Authorisation over HTTP, for checkout's coupled mode: the teaching baseline in which checkout calls payment and
 * waits, instead of sending {@code OrderPlaced} to {@code orders.fifo} (docs/coupled-baseline.md). The order goes
 * through the same authorisation and the same outbox as one from the queue, so {@code PaymentAuthorized} or
 * {@code PaymentDeclined} reaches the topic and the rest of the saga runs unchanged.
 * <p>
 * It exists only while {@code securecart.payment.coupled-authorization.enabled} is true (off by default), and only
 * checkout's own identity may call it (PaymentSecurityConfiguration): the amount it charges is the total checkout
 * priced, never a figure from a shopper.
 */
@RestController
@ConditionalOnBooleanProperty("securecart.payment.coupled-authorization.enabled")
@RequestMapping("/api/payments/authorizations")
class PaymentAuthorizationController {

	private final Payments payments;

	private final Clock clock;

	PaymentAuthorizationController(Payments payments, Clock clock) {
		this.payments = payments;
		this.clock = clock;
	}

	@PostMapping
	@Operation(summary = "Authorise an order's payment now (checkout's coupled mode)",
			description = "Idempotent by orderId: asking again for the same order answers with its payment, charged "
					+ "once. The answer says AUTHORIZED or DECLINED; the saga continues through the order-events "
					+ "topic.")
	@ApiResponse(responseCode = "200", description = "The order's payment, authorised or declined")
	@ApiResponse(responseCode = "400", description = "Invalid order",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The gateway did not answer, or its circuit is open; try again",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "The order is refused for good (authorization-refused): its "
			+ "total is not the sum of its lines; asking again cannot change that",
			content = @Content(mediaType = "application/problem+json"))
	PaymentView authorize(@Valid @RequestBody AuthorizationRequest request) {
		if (!request.totalIsTheSumOfTheLines()) {
			throw new AuthorizationRefusedException(request.orderId(),
					"total must be the sum of quantity x unitPrice over the lines");
		}
		return PaymentView.of(payments.authorizeNow(request.toOrderPlaced(clock.instant())));
	}
}
