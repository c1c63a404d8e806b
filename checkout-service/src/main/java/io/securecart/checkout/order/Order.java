package io.securecart.checkout.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.securecart.contracts.HighValueOrders;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.StockReserved;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order and everything that happened to it. The order guards its own transitions: each event of the saga has a
 * method here, which records the event in the timeline and moves the status only where {@link OrderStatus} allows.
 * A late or repeated event is recorded (once) but never moves an order backwards.
 */
@Table("orders")
public class Order {

	/**
	 * The largest total an order may have: {@code orders.total} is {@code numeric(12,2)} (V1), and so is every column
	 * downstream that stores it (payment's {@code payment.amount}, {@code payment_attempt.amount},
	 * {@code refund_attempt.amount}, {@code fraud_screening.total}, the simulated gateway's ledger); none is
	 * narrower. A larger total failed the insert (22003) with a 500; a unit price fits, as inventory stores it so too.
	 */
	public static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

	/** The timeline's entry of {@link #paymentRequestRefused}: checkout's own record, not an event's type. */
	static final String PAYMENT_REQUEST_REFUSED = "PaymentRequestRefused";

	@Id
	private UUID id;

	private String customerId;

	private OrderStatus status;

	private CancellationReason cancellationReason;

	/**
	 * The payment this order heard of first, accepted or rejected; null until then (and for orders paid before
	 * checkout kept it, V14). Another payment after it is a second charge.
	 */
	private UUID paymentId;

	private BigDecimal total;

	private String currency;

	private Instant createdAt;

	/**
	 * Null until the order is first saved: Spring Data JDBC inserts it then and updates it afterwards, only at the
	 * version it read. A wrapper, because the orders Hibernate wrote start at 0, which a {@code long} would take for
	 * "new".
	 */
	@Version
	private Long version;

	/** Rows of {@code order_line}, numbered from 0 by {@code line_no}. */
	@MappedCollection(idColumn = "order_id", keyColumn = "line_no")
	private List<LineItem> lines = new ArrayList<>();

	/**
	 * Rows of {@code order_timeline}, numbered from 0 by {@code entry_no}, in the order events arrived;
	 * {@link #timeline()} presents it in the order they happened.
	 */
	@MappedCollection(idColumn = "order_id", keyColumn = "entry_no")
	private List<TimelineEntry> timeline = new ArrayList<>();

	/**
	 * How many of the timeline's entries are in the database: those it was read with, and those
	 * {@link OrderRepository#saveProgress} wrote since. Zero for an order never read.
	 */
	@Transient
	private int timelineEntriesSaved;

	/** Read from the database; Spring Data sets the other fields. */
	@PersistenceCreator
	private Order(List<TimelineEntry> timeline) {
		this.timeline = new ArrayList<>(timeline);
		this.timelineEntriesSaved = timeline.size();
	}

	private Order(UUID id, String customerId, Money total, Instant createdAt) {
		this.id = id;
		this.customerId = customerId;
		// The same threshold as the EventBridge rule that routes this order to fraud screening.
		this.status = HighValueOrders.isHighValue(total) ? OrderStatus.SCREENING : OrderStatus.PLACED;
		this.total = total.amount();
		this.currency = total.currency();
		this.createdAt = createdAt;
	}

	/**
	 * A new order for {@code lines}, priced in one currency, with {@code OrderPlaced} as the first entry of its
	 * timeline. A high-value order starts {@link OrderStatus#SCREENING}: it is paid only once screening passed it.
	 */
	public static Order place(String customerId, List<OrderLine> lines, Instant placedAt) {
		return place(customerId, lines, placedAt, List.of());
	}

	/**
	 * A new order placed from the customer's cart, recording for each line the cart line it came from (by SKU), so
	 * that a retried checkout removes exactly those from the cart.
	 */
	public static Order place(String customerId, List<OrderLine> lines, Instant placedAt,
			List<OrderedCartLine> fromCart) {
		Objects.requireNonNull(customerId, "customerId");
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		Money total = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
		Order order = new Order(UUID.randomUUID(), customerId, total, placedAt);
		Map<String, OrderedCartLine> cartLines = fromCart.stream()
			.collect(Collectors.toMap(OrderedCartLine::sku, Function.identity()));
		lines.forEach(line -> order.lines.add(LineItem.of(line, cartLines.get(line.sku()))));
		order.timeline.add(new TimelineEntry(UUID.randomUUID(), OrderEvent.eventTypeOf(OrderPlaced.class), placedAt,
				placedAt, null));
		return order;
	}

	/** The event that announces this order; {@code paymentToken} travels in it and is stored nowhere else. */
	public OrderPlaced placedEvent(String paymentToken) {
		TimelineEntry placed = timeline.getFirst();
		return new OrderPlaced(placed.eventId(), id, customerId, lines(), total(), paymentToken, placed.occurredAt());
	}

	/**
	 * Paid, if the amount authorised is the order's total and checkout can still take it. Every authorisation it
	 * cannot take is answered (ADR 44 and its amendment of 2026-12-06), so that the money goes back and inventory
	 * and fulfillment stand down:
	 * <ul>
	 * <li>another amount, in any status: a placed or paid order is cancelled
	 * ({@link CancellationReason#PAYMENT_MISMATCH}), a shipped or cancelled one keeps its status; the answer is the
	 * {@code PaymentRejected} that asks payment to give the money back;</li>
	 * <li>a payment of an order cancelled with nothing to charge ({@link CancellationReason#refundsThePayment()} is
	 * false: declined, or failed its fraud screening): rejected the same way. One cancelled for a reason whose own
	 * event refunds the payment (out of stock, fulfillment failed, another payment rejected) records it only;</li>
	 * <li>a second payment, another {@code paymentId} than the one the order heard of first: recorded with a note and
	 * left to a person ({@link PaymentAnswer.SecondPayment}). Payment refunds per order, so a rejection would refund
	 * the first payment and cancel an order rightly paid.</li>
	 * </ul>
	 * The same payment announced again (another event, the same {@code paymentId}) was answered the first time.
	 */
	public PaymentAnswer paymentAuthorized(PaymentAuthorized event, Instant recordedAt) {
		if (isRecorded(event)) {
			return new PaymentAnswer.Recorded();
		}
		if (paymentId != null && !paymentId.equals(event.paymentId())) {
			addToTimeline(event, "a second payment of this order (%s); not accepted, it is refunded by a person"
				.formatted(event.amount()), recordedAt);
			return new PaymentAnswer.SecondPayment(paymentId, event.paymentId(), event.amount());
		}
		boolean heardOfBefore = paymentId != null;
		paymentId = event.paymentId();
		addToTimeline(event, recordedAt);
		if (heardOfBefore) {
			return new PaymentAnswer.Recorded();
		}
		if (!event.amount().equals(total())) {
			cancel(CancellationReason.PAYMENT_MISMATCH);
			return reject(event, "authorised " + event.amount() + ", the order's total is " + total(), recordedAt);
		}
		if (status == OrderStatus.CANCELLED && !cancellationReason.refundsThePayment()) {
			return reject(event, "authorised %s for an order cancelled (%s) with nothing to charge"
				.formatted(event.amount(), cancellationReason), recordedAt);
		}
		moveTo(OrderStatus.PAID);
		return new PaymentAnswer.Recorded();
	}

	private PaymentAnswer reject(PaymentAuthorized event, String why, Instant recordedAt) {
		PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), id, customerId, event.paymentId(),
				event.amount(), total(), recordedAt);
		timeline.add(new TimelineEntry(rejected.eventId(), rejected.eventType(), recordedAt, recordedAt, why));
		return new PaymentAnswer.Rejected(rejected, why, status == OrderStatus.SHIPPED);
	}

	/**
	 * Payment-service refused for good to take this order's payment request (the coupled mode: its problem type says
	 * the order itself is refused, which asking again cannot change), so nothing was charged by it: an order still
	 * awaiting its payment is cancelled ({@link CancellationReason#PAYMENT_REQUEST_REFUSED}), as its customer is told.
	 * A payment heard of after it is rejected and refunded ({@link #paymentAuthorized}). One paid or cancelled
	 * meanwhile stays as it is.
	 * @return whether it cancelled the order
	 */
	public boolean paymentRequestRefused(String why, Instant at) {
		if (!status.isAwaitingPayment()) {
			return false;
		}
		cancel(CancellationReason.PAYMENT_REQUEST_REFUSED);
		// No event announces it: inventory and fulfillment start from a payment, and a fraud screening of it (from the
		// bus) charges nothing that payment does not hold. That screening fails it at once, asking no reviewer: its
		// total is not the sum of its lines, payment's refusal (FraudRules; ADR 42, second amendment of 2026-12-06).
		timeline.add(new TimelineEntry(UUID.randomUUID(), PAYMENT_REQUEST_REFUSED, at, at, truncate(why)));
		return true;
	}

	/** Only an order not yet paid is cancelled by a declined payment: a paid or finished order stays as it is. */
	public void paymentDeclined(PaymentDeclined event, Instant recordedAt) {
		if (addToTimeline(event, recordedAt) && status.isAwaitingPayment()) {
			cancel(CancellationReason.PAYMENT_DECLINED);
		}
	}

	/*
	 * The timeline is the customer's, so a fraud verdict's reasons and its reviewer stay with payment (its fraud
	 * reviews, for admins): a fraudster must not learn which rule caught the card, the scores, or staff names.
	 */

	/** A person reviews the order; only an order still waiting for its screening shows it. */
	public void fraudReviewRequired(FraudReviewRequired event, Instant recordedAt) {
		if (addToTimeline(event, "held for a review", recordedAt) && status == OrderStatus.SCREENING) {
			moveTo(OrderStatus.UNDER_REVIEW);
		}
	}

	public void fraudScreeningPassed(FraudScreeningPassed event, Instant recordedAt) {
		if (addToTimeline(event, "cleared", recordedAt)
				&& (status == OrderStatus.SCREENING || status == OrderStatus.UNDER_REVIEW)) {
			moveTo(OrderStatus.CLEARED);
		}
	}

	/** Payment charges nothing for a failed order, so only an order not yet paid can get this verdict. */
	public void fraudScreeningFailed(FraudScreeningFailed event, Instant recordedAt) {
		if (addToTimeline(event, "not confirmed", recordedAt) && status.isAwaitingPayment()) {
			cancel(CancellationReason.FRAUD_SUSPECTED);
		}
	}

	public void stockReserved(StockReserved event, Instant recordedAt) {
		addToTimeline(event, recordedAt);
	}

	public void stockRejected(StockRejected event, Instant recordedAt) {
		if (addToTimeline(event, recordedAt)) {
			cancel(CancellationReason.OUT_OF_STOCK);
		}
	}

	/** A paid order whose fulfillment failed is cancelled; one that shipped stays shipped. */
	public void fulfillmentFailed(FulfillmentFailed event, Instant recordedAt) {
		if (addToTimeline(event, recordedAt)) {
			cancel(CancellationReason.FULFILLMENT_FAILED);
		}
	}

	public void shipped(OrderShipped event, Instant recordedAt) {
		if (addToTimeline(event, recordedAt)) {
			moveTo(OrderStatus.SHIPPED);
		}
	}

	public void paymentRefunded(PaymentRefunded event, Instant recordedAt) {
		addToTimeline(event, recordedAt);
	}

	/** Whether this very event is in the timeline already. */
	private boolean isRecorded(OrderEvent event) {
		requireThisOrder(event);
		return timeline.stream().anyMatch(entry -> entry.eventId().equals(event.eventId()));
	}

	private void requireThisOrder(OrderEvent event) {
		if (!id.equals(event.orderId())) {
			throw new IllegalArgumentException(
					"%s %s is about order %s, not %s".formatted(event.eventType(), event.eventId(), event.orderId(), id));
		}
	}

	private boolean addToTimeline(OrderEvent event, Instant recordedAt) {
		return addToTimeline(event, null, recordedAt);
	}

	/** Adds {@code event} to the timeline; {@code false} if this very event is already there. */
	private boolean addToTimeline(OrderEvent event, String detail, Instant recordedAt) {
		if (isRecorded(event)) {
			return false;
		}
		timeline.add(new TimelineEntry(event.eventId(), event.eventType(), event.occurredAt(), recordedAt,
				detail == null ? null : truncate(detail)));
		return true;
	}

	private static String truncate(String detail) {
		return detail.length() <= TimelineEntry.MAX_DETAIL ? detail : detail.substring(0, TimelineEntry.MAX_DETAIL);
	}

	private void moveTo(OrderStatus next) {
		if (status.canMoveTo(next)) {
			status = next;
		}
	}

	private void cancel(CancellationReason reason) {
		if (status.canMoveTo(OrderStatus.CANCELLED)) {
			status = OrderStatus.CANCELLED;
			cancellationReason = reason;
		}
	}

	public UUID getId() {
		return id;
	}

	public String getCustomerId() {
		return customerId;
	}

	public OrderStatus getStatus() {
		return status;
	}

	public CancellationReason getCancellationReason() {
		return cancellationReason;
	}

	/** The payment the order heard of first, if any. */
	public UUID getPaymentId() {
		return paymentId;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Money total() {
		return new Money(total, currency);
	}

	public List<OrderLine> lines() {
		return lines.stream().map(line -> line.toOrderLine(currency)).toList();
	}

	/** The cart lines the order was placed from; none for an order not placed from the cart, or before V16. */
	List<OrderedCartLine> cartLines() {
		return lines.stream().map(LineItem::fromCart).filter(Objects::nonNull).toList();
	}

	/** The version read, which {@link OrderRepository#saveProgress} writes under, as Spring Data's save does. */
	Long getVersion() {
		return version;
	}

	/** Set by {@link OrderRepository#saveProgress} to the version it wrote, as Spring Data's save does. */
	void setVersion(Long version) {
		this.version = version;
	}

	/** The number of timeline entries in the database; the next entry saved is numbered that. */
	int timelineEntriesSaved() {
		return timelineEntriesSaved;
	}

	/** The entries recorded since the order was read or its progress saved, in the order they arrived. */
	List<TimelineEntry> unsavedTimelineEntries() {
		return List.copyOf(timeline.subList(timelineEntriesSaved, timeline.size()));
	}

	/** Called by {@link OrderRepository#saveProgress} once it wrote {@link #unsavedTimelineEntries()}. */
	void timelineSaved() {
		timelineEntriesSaved = timeline.size();
	}

	/** Every event of this order, in the order they happened (ties in the order they arrived). */
	List<TimelineEntry> timeline() {
		return timeline.stream().sorted(Comparator.comparing(TimelineEntry::occurredAt)).toList();
	}
}
