package io.securecart.payment.payment;

import java.util.List;
import java.util.UUID;

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

	/** The payments of an order: none yet, or one. A missing or malformed orderId is a 400 problem. */
	@GetMapping
	List<PaymentView> byOrder(@RequestParam UUID orderId) {
		return payments.findByOrderId(orderId).stream().map(PaymentView::of).toList();
	}
}
