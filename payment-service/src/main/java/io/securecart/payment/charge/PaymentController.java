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
	 * The payments of an order the caller may read: none yet, or one. A missing or malformed orderId is a 400
	 * problem. Another customer's payment is left out, so their order lists nothing, exactly as an order nobody
	 * knows: a 404 for it would tell that it exists.
	 */
	@GetMapping
	List<PaymentView> byOrder(@RequestParam UUID orderId, Authentication authentication) {
		Caller caller = Caller.of(authentication);
		return payments.findByOrderId(orderId)
			.filter(payment -> caller.mayRead(payment.getCustomerId()))
			.stream()
			.map(PaymentView::of)
			.toList();
	}
}
