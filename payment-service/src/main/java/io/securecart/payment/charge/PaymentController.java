package io.securecart.payment.charge;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.security.Caller;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments")
class PaymentController {

	private final PaymentRepository payments;

	PaymentController(PaymentRepository payments) {
		this.payments = payments;
	}

	/**
	 * The payments of an order: none yet, or one. A missing or malformed orderId is a 400 problem; another
	 * customer's payment is a 404, as if it did not exist.
	 */
	@GetMapping
	List<PaymentView> byOrder(@RequestParam UUID orderId, Authentication authentication) {
		Caller caller = Caller.of(authentication);
		return payments.findByOrderId(orderId)
			.map(payment -> caller.readable(payment.getCustomerId(), payment, "Payment of order " + orderId))
			.stream()
			.map(PaymentView::of)
			.toList();
	}
}
