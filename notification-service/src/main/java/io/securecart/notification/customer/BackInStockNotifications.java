package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.security.NotVisibleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers' back-in-stock requests, and telling them when the product comes back (ADR 15). Each
 * {@link StockLevelChanged} is applied once however often SNS and SQS deliver it, and the function that published it
 * gives a retried change the same event id.
 */
@Service
class BackInStockNotifications {

	private static final Logger log = LoggerFactory.getLogger(BackInStockNotifications.class);

	private final BackInStockRequestRepository requests;

	private final NotificationDelivery delivery;

	private final Inbox inbox;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final BackInStockProperties properties;

	BackInStockNotifications(BackInStockRequestRepository requests, NotificationDelivery delivery, Inbox inbox,
			Clock clock, PlatformTransactionManager transactionManager, BackInStockProperties properties) {
		this.requests = requests;
		this.delivery = delivery;
		this.inbox = inbox;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
	}

	/**
	 * The customer's request for the product, waiting. One more waiting request than {@code waiting-per-customer} is
	 * refused: the customer's requests take turns on a lock, so two at once cannot both find the last place.
	 * @throws BackInStockLimitException when the customer has that many waiting already
	 */
	@Transactional
	BackInStockRequestView request(String customerId, String sku) {
		Instant now = clock.instant();
		requests.lockRequestsOf(customerId);
		Optional<BackInStockRequest> asked = requests.findLockedByCustomerIdAndSku(customerId, sku);
		if (asked.isPresent() && asked.get().isWaiting()) {
			return BackInStockRequestView.of(asked.get());
		}
		int limit = properties.waitingPerCustomer();
		if (requests.countWaitingOf(customerId) >= limit) {
			throw new BackInStockLimitException(
					"At most %d back-in-stock requests may wait at once; %s would be one more".formatted(limit, sku));
		}
		if (asked.isEmpty()) {
			// Under the customer's lock, nobody else inserts it meanwhile; "do nothing" is for safety only.
			requests.insertIfAbsent(UUID.randomUUID(), customerId, sku, now);
			return BackInStockRequestView.of(requests.findLockedByCustomerIdAndSku(customerId, sku)
				.orElseThrow(() -> new IllegalStateException("No back-in-stock request of %s for %s after creating it"
					.formatted(customerId, sku))));
		}
		BackInStockRequest request = asked.get();
		request.askAgain(now);
		return BackInStockRequestView.of(requests.save(request));
	}

	@Transactional(readOnly = true)
	BackInStockRequestView requestOf(String customerId, String sku) {
		return requests.findByCustomerIdAndSku(customerId, sku)
			.map(BackInStockRequestView::of)
			.orElseThrow(() -> new NotVisibleException("Back-in-stock request for " + sku));
	}

	/**
	 * Tells the customers waiting for the product that it is back, a page of them ({@code page-size}) per transaction,
	 * until none is left; any other level change concerns nobody here. A page is short, so that no transaction locks
	 * every waiting request or outlasts the message's visibility timeout, and each customer's notification is sent on
	 * its own after its page commits, so one that cannot be sent repeats nobody else's. Only requests made at or before
	 * the event are answered, and none once a newer stock level change of the SKU was seen (ADR 15, amended).
	 * <p>
	 * The inbox records the event with its last page: a delivery stopped half way is applied to the rest when it comes
	 * again, and a delivery of an event applied in full finds an empty page and the inbox's record.
	 */
	void on(StockLevelChanged event) {
		if (!event.backInStock()) {
			transactions.executeWithoutResult(status -> {
				requests.sawStockLevelChange(event.sku(), event.occurredAt());
				if (inbox.firstDelivery(Notifications.CONSUMER, event)) {
					log.debug("{} went from {} to {}: nobody asked to be told", event.sku(), event.previous(),
							event.current());
				}
			});
			return;
		}
		Instant now = clock.instant();
		String message = Notification.backInStockMessage(event);
		int pageSize = properties.pageSize();
		int told = 0;
		int page;
		boolean first = true;
		do {
			boolean firstPage = first;
			page = transactions.execute(status -> tellNextPage(event, message, now, pageSize, firstPage));
			told += page;
			first = false;
		}
		while (page == pageSize);
		if (told > 0) {
			log.info("{} is back in stock ({} available): told {} waiting customers", event.sku(), event.available(),
					told);
		}
		else {
			log.debug("{} is back in stock: nobody waiting asked before it, or a newer level change was seen",
					event.sku());
		}
	}

	private int tellNextPage(StockLevelChanged event, String message, Instant now, int pageSize, boolean first) {
		if (first) {
			requests.sawStockLevelChange(event.sku(), event.occurredAt());
		}
		List<UUID> told = requests.tellNextPage(event.sku(), event.occurredAt(), event.eventId(), message, now,
				pageSize);
		delivery.sendAfterCommitWhileThereIsRoom(told);
		if (told.size() < pageSize && !inbox.firstDelivery(Notifications.CONSUMER, event)) {
			log.debug("Already applied {} {}: this delivery told {} more", event.eventType(), event.eventId(),
					told.size());
		}
		return told.size();
	}
}
