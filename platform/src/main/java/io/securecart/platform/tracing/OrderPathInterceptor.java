package io.securecart.platform.tracing;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Tags a request whose path names an order ({@code /.../{orderId}}) with it, for every controller at once: its span
 * and its log lines carry the {@code orderId}.
 */
class OrderPathInterceptor implements HandlerInterceptor {

	private final MessageTracing tracing;

	OrderPathInterceptor(MessageTracing tracing) {
		this.tracing = tracing;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
				&& variables.get(MessageTracing.ORDER_ID) instanceof String orderId) {
			try {
				tracing.tagOrder(UUID.fromString(orderId));
			}
			catch (IllegalArgumentException ex) {
				// Not an order id: the controller answers 400; there is no order to tag.
			}
		}
		return true;
	}
}
