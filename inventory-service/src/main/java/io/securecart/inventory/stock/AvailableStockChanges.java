package io.securecart.inventory.stock;

import java.time.Clock;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.platform.outbox.Outbox;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every change of a product's available stock, whichever path made it (a reservation, a release, a shipment, a stock
 * count), goes to the stock-alerts function's queue through the outbox, in the transaction that flushed it: the
 * change is announced if and only if it was committed (ADR 15). A JPA entity listener, so that no path can forget.
 * The function decides which changes cross a level; this only measures them.
 */
@Component
class AvailableStockChanges {

	private final ObjectProvider<Outbox> outbox;

	private final ObjectProvider<Clock> clock;

	// Lazily: Hibernate creates its entity listeners while the EntityManagerFactory is being built.
	AvailableStockChanges(ObjectProvider<Outbox> outbox, ObjectProvider<Clock> clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	@PostLoad
	@PostPersist
	void synchronizedWithDatabase(Product product) {
		product.synchronizedWithDatabase();
	}

	@PostUpdate
	void updated(Product product) {
		int before = product.availableWhenSynchronized();
		int after = product.availableStock();
		product.synchronizedWithDatabase();
		if (before != after) {
			outbox.getObject()
				.sendToQueue(MessagingNames.STOCK_LEVEL_CHANGES_QUEUE, new AvailableStockChanged(UUID.randomUUID(),
						product.getSku(), before, after, clock.getObject().instant()));
		}
	}
}
