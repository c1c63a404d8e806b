package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/payments/authorizations}: an order to charge, as checkout sends it in the coupled mode
 * (docs/coupled-baseline.md). It carries what {@code OrderPlaced} carries on {@code orders.fifo} in the decoupled
 * mode, so both go through the same authorisation.
 *
 * @param orderId the order; also the idempotency key: the same order is charged once, however often it is asked
 * @param customerId who pays
 * @param lines what was sold, at which unit price (passed on in {@code PaymentAuthorized} for inventory)
 * @param total the amount to charge
 * @param currency of {@code total} and of every unit price
 * @param paymentToken the payment provider's token; never card data, never logged
 */
record AuthorizationRequest(@NotNull UUID orderId, @NotBlank @Size(max = 255) String customerId,
		@NotEmpty List<@Valid @NotNull Line> lines,
		@NotNull @PositiveOrZero @Digits(integer = 10, fraction = 2) BigDecimal total,
		@NotNull @Pattern(regexp = "[A-Z]{3}") String currency, @NotBlank @Size(max = 100) String paymentToken) {

	/** One line of the order. */
	record Line(@NotBlank @Size(max = 64) String sku, @Positive int quantity,
			@NotNull @PositiveOrZero @Digits(integer = 10, fraction = 2) BigDecimal unitPrice) {
	}

	/**
	 * The total is what the lines add up to: a request that says otherwise is refused for good
	 * ({@link AuthorizationRefusedException}), never charged. Not a constraint: a 400 {@code validation} is also what a
	 * release that does not know a field yet answers, which checkout's coupled mode must tell from a refused order.
	 */
	boolean totalIsTheSumOfTheLines() {
		if (total == null || lines == null || lines.stream().anyMatch(line -> line == null || line.unitPrice() == null)) {
			return true; // reported by the other constraints
		}
		BigDecimal sum = lines.stream()
			.map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		return sum.compareTo(total) == 0;
	}

	/**
	 * The order as {@code OrderPlaced}, so that it is authorised exactly like one from the queue. Its event id is
	 * derived from the order id: asking again for the same order is the same event to the inbox.
	 */
	OrderPlaced toOrderPlaced(Instant at) {
		List<OrderLine> orderLines = lines.stream()
			.map(line -> new OrderLine(line.sku(), line.quantity(), new Money(line.unitPrice(), currency)))
			.toList();
		UUID eventId = UUID.nameUUIDFromBytes(("authorization:" + orderId).getBytes(StandardCharsets.UTF_8));
		return new OrderPlaced(eventId, orderId, customerId, orderLines, new Money(total, currency), paymentToken, at);
	}

	/** Keeps the token out of logs and error messages. */
	@Override
	public String toString() {
		return "AuthorizationRequest[orderId=%s, customerId=%s, lines=%s, total=%s %s]".formatted(orderId, customerId,
				lines, total, currency);
	}
}
