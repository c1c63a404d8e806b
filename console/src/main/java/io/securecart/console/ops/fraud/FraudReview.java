package io.securecart.console.ops.fraud;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A high-value order's screening, as payment's fraud review API shows it. */
record FraudReview(UUID orderId, String customerId, BigDecimal total, String currency, Instant placedAt, int score,
		List<String> reasons, String status, Instant decideBy, String decidedBy, Instant decidedAt) {
}
