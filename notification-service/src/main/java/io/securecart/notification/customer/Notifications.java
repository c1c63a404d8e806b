package io.securecart.notification.customer;

import java.time.Clock;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tells the customer about an event, exactly once however often SQS delivers it. */
@Service
class Notifications {

	/** The name this service records deliveries under in the inbox. */
	static final String CONSUMER = "notification-service";

	private static final Logger log = LoggerFactory.getLogger(Notifications.class);

	private final NotificationRepository notifications;

	private final NotificationDelivery delivery;

	private final Inbox inbox;

	private final Clock clock;

	Notifications(NotificationRepository notifications, NotificationDelivery delivery, Inbox inbox, Clock clock) {
		this.notifications = notifications;
		this.delivery = delivery;
		this.inbox = inbox;
		this.clock = clock;
	}

	/**
	 * Records the notification {@code event} calls for, unless an earlier delivery did, and sends it once that is
	 * committed. An event customers are not told about throws before anything is recorded, so it is retried and
	 * dead-lettered, not swallowed.
	 */
	@Transactional
	void notifyCustomer(OrderEvent event) {
		Notification notification = Notification.about(event, clock.instant());
		if (!inbox.firstDelivery(CONSUMER, event)) {
			log.debug("Already notified {} {}; ignoring the redelivery", event.eventType(), event.eventId());
			return;
		}
		// A failed fulfillment is announced by FulfillmentFailed and by the PaymentRefunded that compensates it: the
		// customer is told of the cancellation once (a partial unique index backs this up). The two arrive together
		// often enough: under the order's lock the second waits for the first's commit and sees its notice.
		if (notification.getKind() == NotificationKind.ORDER_CANCELLED_REFUNDED) {
			notifications.lockCancellationNoticeOf(event.orderId());
			if (notifications.existsByOrderIdAndKind(event.orderId(), NotificationKind.ORDER_CANCELLED_REFUNDED)) {
				log.info("Order {}: the customer was already told of its cancellation; {} adds nothing",
						event.orderId(), event.eventType());
				return;
			}
		}
		delivery.sendAfterCommit(notifications.save(notification));
	}
}
