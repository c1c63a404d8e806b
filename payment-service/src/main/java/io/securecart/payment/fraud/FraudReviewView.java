package io.securecart.payment.fraud;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A screening as an administrator sees it. */
record FraudReviewView(UUID orderId, String customerId, BigDecimal total, String currency, Instant placedAt, int score,
		List<String> reasons, ScreeningStatus status, Instant decideBy, String decidedBy, Instant decidedAt) {

	static FraudReviewView of(FraudScreening screening) {
		return new FraudReviewView(screening.getOrderId(), screening.getCustomerId(), screening.total().amount(),
				screening.total().currency(), screening.getPlacedAt(), screening.getScore(), screening.reasons(),
				screening.getStatus(), screening.getDecideBy(), screening.getDecidedBy(), screening.getDecidedAt());
	}
}
