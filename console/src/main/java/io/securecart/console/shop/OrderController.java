package io.securecart.console.shop;

import java.util.UUID;

import io.securecart.console.api.ConsoleProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.http.MediaType;

/**
 * Signed-in users: place an order, follow it live, see their orders and notifications. A customer opening someone
 * else's order gets checkout's 404, shown as a page.
 */
@Controller
class OrderController {

	private final Orders orders;

	private final OrderTracker tracker;

	private final ConsoleProperties properties;

	OrderController(Orders orders, OrderTracker tracker, ConsoleProperties properties) {
		this.orders = orders;
		this.tracker = tracker;
		this.properties = properties;
	}

	@PostMapping("/orders")
	String place(@Valid PlaceOrderForm form, Authentication user) {
		Order order = orders.place(user, form.idempotencyKey(), form.sku(), form.quantity(), form.paymentToken());
		return "redirect:/orders/" + order.id();
	}

	@GetMapping("/orders")
	String mine(Authentication user, Model model) {
		model.addAttribute("orders", orders.mine(user));
		return "shop/orders";
	}

	@GetMapping("/orders/{id}")
	String order(@PathVariable UUID id, Authentication user, Model model) {
		model.addAttribute("progress", orders.progress(user, id));
		model.addAttribute("traceUrl", properties.traceUrl(id));
		return "shop/order";
	}

	/** The order's progress as server-sent events: a fragment each time something changed, until it is final. */
	@GetMapping(path = "/orders/{id}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter live(@PathVariable UUID id, Authentication user) {
		orders.order(user, id); // someone else's order: checkout's 404, before any stream opens
		return tracker.follow(user, id);
	}

	@GetMapping("/notifications")
	String notifications(Authentication user, Model model) {
		model.addAttribute("notifications", orders.notificationsOf(user));
		return "shop/notifications";
	}

	/** The order form of a product page; the price and the customer come from the services, never from here. */
	record PlaceOrderForm(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String sku,
			@NotNull @Min(1) @Max(100) Integer quantity,
			@NotBlank @Pattern(regexp = "tok_[A-Za-z0-9_]{1,64}") String paymentToken,
			@NotBlank @Pattern(regexp = "[0-9a-fA-F-]{36}") String idempotencyKey) {

		@AssertTrue(message = "must be one of the demo payment tokens")
		boolean isDemoToken() {
			return paymentToken == null || DemoPaymentToken.isDemo(paymentToken);
		}
	}
}
