package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.security.NotVisibleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' back-in-stock requests, and telling them when the product comes back (ADR 15). Each
 * {@link StockLevelChanged} is applied once however often SNS and SQS deliver it, and the function that published it
 * gives a retried change the same event id.
 */
@Service
class BackInStockNotifications {

	private static final Logger log = LoggerFactory.getLogger(BackInStockNotifications.class);

	private final BackInStockRequestRepository requests;

	private final NotificationRepository notifications;

	private final NotificationDelivery delivery;

	private final Inbox inbox;

	private final Clock clock;

	BackInStockNotifications(BackInStockRequestRepository requests, NotificationRepository notifications,
			NotificationDelivery delivery, Inbox inbox, Clock clock) {
		this.requests = requests;
		this.notifications = notifications;
		this.delivery = delivery;
		this.inbox = inbox;
		this.clock = clock;
	}

	@Transactional
	BackInStockRequestView request(String customerId, String sku) {
		Instant now = clock.instant();
		requests.insertIfAbsent(UUID.randomUUID(), customerId, sku, now);
		BackInStockRequest request = requests.findLockedByCustomerIdAndSku(customerId, sku)
			.orElseThrow(() -> new IllegalStateException("No back-in-stock request of %s for %s after creating it"
				.formatted(customerId, sku)));
		if (request.isWaiting()) {
			return BackInStockRequestView.of(request);
		}
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
	 * Tells every customer waiting for the product that it is back; any other level change concerns nobody here. Each
	 * customer's notification is sent on its own after the commit, so one that cannot be sent repeats nobody else's.
	 */
	@Transactional
	void on(StockLevelChanged event) {
		if (!inbox.firstDelivery(Notifications.CONSUMER, event)) {
			log.debug("Already applied {} {}; ignoring the redelivery", event.eventType(), event.eventId());
			return;
		}
		if (!event.backInStock()) {
			log.debug("{} went from {} to {}: nobody asked to be told", event.sku(), event.previous(),
					event.current());
			return;
		}
		Instant now = clock.instant();
		List<BackInStockRequest> waiting = requests.lockWaitingFor(event.sku());
		for (BackInStockRequest request : waiting) {
			request.notified(event.eventId(), now);
			requests.save(request);
			delivery.sendAfterCommit(
					notifications.save(Notification.backInStock(event, request.getCustomerId(), now)));
		}
		log.info("{} is back in stock ({} available): telling {} waiting customers", event.sku(), event.available(),
				waiting.size());
	}
}
