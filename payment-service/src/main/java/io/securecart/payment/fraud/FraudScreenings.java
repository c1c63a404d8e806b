package io.securecart.payment.fraud;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Screens the high-value orders that the EventBridge rule routes here, and decides reviews. Every verdict goes to
 * {@code order-events} through the outbox, in the transaction that records it. Screening is idempotent: an order is
 * screened once, however often (or, after a replay, however late) its {@code OrderPlaced} arrives.
 */
@Service
class FraudScreenings {

	/** This feature's name in the inbox (payment, in the same database, consumes the same events as itself). */
	static final String CONSUMER = "fraud-screening";

	private static final Logger log = LoggerFactory.getLogger(FraudScreenings.class);

	private final FraudScreeningRepository screenings;

	private final FraudRules rules;

	private final FraudScreeningProperties properties;

	private final ReviewTimers timers;

	private final Inbox inbox;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	FraudScreenings(FraudScreeningRepository screenings, FraudScreeningProperties properties,
			ReviewTimers timers, Inbox inbox, Outbox outbox, TransactionTemplate transactions, Clock clock) {
		this.screenings = screenings;
		this.rules = new FraudRules(properties.stolenCardTokens());
		this.properties = properties;
		this.timers = timers;
		this.inbox = inbox;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Screens the order, once. One customer's orders are screened one at a time, under the customer's lock: each
	 * counts the orders screened before it, so a burst of orders placed at once cannot each find no earlier one and
	 * slip past the velocity and first-order rules.
	 */
	void screen(OrderPlaced order) {
		transactions.executeWithoutResult(status -> {
			screenings.lockCustomer(order.customerId());
			if (screenings.existsById(order.orderId())) {
				log.info("Order {} was screened already; {} ignored", order.orderId(), order.eventId());
				return;
			}
			if (!inbox.firstDelivery(CONSUMER, order)) {
				return;
			}
			Instant now = clock.instant();
			// Only orders placed before this one: a late screening (a redrive, a replay) must not count later ones.
			long earlierInWindow = screenings.countByCustomerIdAndPlacedAtBetween(order.customerId(),
					order.occurredAt().minus(properties.velocityWindow()), order.occurredAt());
			boolean first = !screenings.existsByCustomerIdAndPlacedAtLessThanEqual(order.customerId(),
					order.occurredAt());
			FraudScreening screening = FraudScreening.of(order, rules.assess(order, earlierInWindow, first), now,
					properties.reviewTimeout());
			OrderEvent verdict = screening.verdict(UUID.randomUUID());
			if (verdict instanceof FraudReviewRequired review) {
				timers.start(review);
			}
			screenings.save(screening);
			outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, verdict);
			log.info("Order {} screened: {} (score {}): {}", order.orderId(), verdict.eventType(),
					screening.getScore(), screening.reasons());
		});
	}

	/**
	 * The review's timer fired: rejects the review if it is still pending and its time is up, or sets the timer again
	 * for the time that remains (the chain of 900 s delays).
	 * @throws ScreeningNotFoundException when the screening is not recorded (a timer redriven or replayed after its
	 * screening was lost): the timer is retried, then dead-lettered
	 */
	void reviewTimerFired(FraudReviewRequired timer) {
		FraudScreening screening = screenings.findById(timer.orderId())
			.orElseThrow(() -> new ScreeningNotFoundException(timer.orderId()));
		Instant now = clock.instant();
		if (!screening.isUnderReview()) {
			log.debug("Review of order {} was decided ({}); its timer does nothing", timer.orderId(),
					screening.getStatus());
			return;
		}
		if (now.isBefore(screening.getDecideBy())) {
			// Set again for the review's own deadline (the next link of a chain), never the timer's: a timer that
			// carried an earlier one would fire at once, again and again.
			FraudReviewRequired next = new FraudReviewRequired(timer.eventId(), timer.orderId(), timer.customerId(),
					timer.reasons(), screening.getDecideBy(), timer.occurredAt());
			transactions.executeWithoutResult(status -> timers.start(next));
			return;
		}
		decide(timer.orderId(), review -> review.timeOut(clock.instant()).map(OrderEvent.class::cast));
	}

	@Transactional(readOnly = true)
	List<FraudScreening> pendingReviews() {
		return screenings.findByStatusOrderByDecideByAsc(ScreeningStatus.UNDER_REVIEW);
	}

	@Transactional(readOnly = true)
	FraudScreening screening(UUID orderId) {
		return screenings.findById(orderId).orElseThrow(() -> new ScreeningNotFoundException(orderId));
	}

	/** @throws ReviewAlreadyDecidedException when the order is not under review (any more) */
	FraudScreening approve(UUID orderId, String reviewer) {
		return decide(orderId, review -> review.approve(reviewer, clock.instant()).map(OrderEvent.class::cast))
			.orElseThrow(() -> new ReviewAlreadyDecidedException(orderId));
	}

	/** @throws ReviewAlreadyDecidedException when the order is not under review (any more) */
	FraudScreening reject(UUID orderId, String reviewer) {
		return decide(orderId, review -> review.reject(reviewer, clock.instant()).map(OrderEvent.class::cast))
			.orElseThrow(() -> new ReviewAlreadyDecidedException(orderId));
	}

	/** One transaction: the decision and its verdict; empty when the review had been decided already. */
	private Optional<FraudScreening> decide(UUID orderId, Function<FraudScreening, Optional<OrderEvent>> decision) {
		return transactions.execute(status -> {
			FraudScreening screening = screenings.findLockedById(orderId)
				.orElseThrow(() -> new ScreeningNotFoundException(orderId));
			Optional<OrderEvent> verdict = decision.apply(screening);
			verdict.ifPresent(event -> {
				screenings.save(screening);
				outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, event);
				log.info("Review of order {} decided by {}: {}", orderId, screening.getDecidedBy(), event.eventType());
			});
			return verdict.map(event -> screening);
		});
	}
}
