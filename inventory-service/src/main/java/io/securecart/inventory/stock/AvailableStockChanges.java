package io.securecart.inventory.stock;

import java.time.Clock;
import java.util.OptionalInt;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.platform.outbox.Outbox;

import org.springframework.data.relational.core.mapping.event.AfterConvertCallback;
import org.springframework.data.relational.core.mapping.event.AfterSaveCallback;
import org.springframework.stereotype.Component;

/**
 * Every change of a product's available stock, whichever path made it (a reservation, a release, a shipment, a stock
 * count), goes to the stock-alerts function's queue through the outbox, in the transaction that saved it: the change
 * is announced if and only if it was committed (ADR 15). Spring Data JDBC calls these callbacks for every product it
 * reads and every product it saves, whichever repository does it, so that no path can forget; a path that forgot to
 * save would lose the change itself, not only its announcement. The function decides which changes cross a level;
 * this only measures them.
 */
@Component
class AvailableStockChanges implements AfterConvertCallback<Product>, AfterSaveCallback<Product> {

	private final Outbox outbox;

	private final Clock clock;

	AvailableStockChanges(Outbox outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	/** Read from the database: what a later change is measured from. */
	@Override
	public Product onAfterConvert(Product product) {
		product.synchronizedWithDatabase();
		return product;
	}

	/**
	 * Written to the database, in the saving transaction (the outbox takes part in it or refuses to run). A product
	 * that was inserted had no available stock before to change from: it is only remembered.
	 */
	@Override
	public Product onAfterSave(Product product) {
		OptionalInt before = product.availableWhenSynchronized();
		int after = product.availableStock();
		product.synchronizedWithDatabase();
		if (before.isPresent() && before.getAsInt() != after) {
			outbox.sendToQueue(MessagingNames.STOCK_LEVEL_CHANGES_QUEUE, new AvailableStockChanged(UUID.randomUUID(),
					product.getSku(), before.getAsInt(), after, clock.instant()));
		}
		return product;
	}
}
