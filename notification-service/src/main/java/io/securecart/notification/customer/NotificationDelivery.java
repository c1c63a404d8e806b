package io.securecart.notification.customer;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends recorded notifications through the {@link NotificationChannel}, each on its own after the transaction that
 * recorded it commits: a send can neither roll back the event it answers nor, when one event tells many customers, the
 * others' notifications (which a redelivery would then send again). The sends run on a thread of their own, so the
 * listener's thread gives its connection back at once instead of holding it while a send takes a second one. A send
 * that fails, or never happens because the service stopped after the commit, is made by the sweep every
 * {@code resend-interval}, longest waiting first (a failed one goes to the back); a notification is marked sent once
 * the channel took it, so a customer may, rarely, hear twice (the service stopped between the two), never not at all.
 */
@Component
class NotificationDelivery {

	private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

	private final NotificationRepository notifications;

	private final NotificationChannel channel;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final Clock clock;

	private final ExecutorService sender = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("notification-sender").daemon().factory());

	NotificationDelivery(NotificationRepository notifications, NotificationChannel channel,
			PlatformTransactionManager transactionManager, NotificationProperties properties, Clock clock) {
		this.notifications = notifications;
		this.channel = channel;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** Sends {@code recorded}, saved in the caller's transaction, once that transaction commits; never if it does not. */
	@Transactional(propagation = Propagation.MANDATORY)
	void sendAfterCommit(Notification recorded) {
		UUID id = recorded.getId();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					sender.execute(() -> send(id));
				}
				catch (RejectedExecutionException stopping) {
					log.debug("Stopping: notification {} is left to the sweep", id);
				}
			}
		});
	}

	@PreDestroy
	void stop() {
		sender.shutdownNow();
	}

	@Scheduled(fixedDelayString = "${securecart.notification.resend-interval:30s}")
	void sendUnsent() {
		List<UUID> unsent = notifications.findUnsentNotTriedSince(clock.instant().minus(properties.resendInterval()),
				properties.resendBatch());
		for (UUID id : unsent) {
			if (send(id)) {
				log.warn("Notification {} was recorded and not sent after its commit: sent now", id);
			}
		}
	}

	/** Whether this call sent it: not when it was sent already, another sender holds it, or the channel failed. */
	private boolean send(UUID id) {
		try {
			return Boolean.TRUE.equals(transactions.execute(status -> notifications.lockUnsent(id)
				.map(notification -> {
					channel.send(notification);
					notification.sent(clock.instant());
					notifications.save(notification);
					return true;
				})
				.orElse(false)));
		}
		catch (RuntimeException ex) {
			log.warn("Could not send notification {}; the sweep tries again within {}: {}", id,
					properties.resendInterval(), ex.toString());
			try {
				transactions.executeWithoutResult(status -> notifications.sendFailed(id, clock.instant()));
			}
			catch (RuntimeException notRecorded) {
				log.debug("Could not record the failed send of notification {}: {}", id, notRecorded.toString());
			}
			return false;
		}
	}
}
