package io.securecart.console.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as checkout's API shows it, with its timeline of recorded events. */
public record Order(UUID id, String customerId, String status, String cancellationReason, BigDecimal total,
		String currency, List<Item> items, List<TimelineItem> timeline) {

	public boolean terminal() {
		return "SHIPPED".equals(status) || "CANCELLED".equals(status);
	}

	public record Item(String sku, int quantity, BigDecimal unitPrice) {
	}

	public record TimelineItem(String event, Instant at, String detail) {

		/** The step in words a shopper understands. */
		public String label() {
			return switch (event) {
				case "OrderPlaced" -> "Order placed";
				case "FraudReviewRequired" -> "Held for a manual fraud review";
				case "FraudScreeningPassed" -> "Screened: passed";
				case "FraudScreeningFailed" -> "Screened: refused";
				case "PaymentAuthorized" -> "Paid";
				case "PaymentDeclined" -> "Payment declined";
				case "PaymentRejected" -> "Payment rejected";
				case "PaymentRefunded" -> "Payment refunded";
				case "StockReserved" -> "Stock reserved";
				case "StockRejected" -> "Out of stock";
				case "FulfillmentFailed" -> "Fulfilment failed";
				case "OrderShipped" -> "Shipped";
				default -> event;
			};
		}
	}
}
