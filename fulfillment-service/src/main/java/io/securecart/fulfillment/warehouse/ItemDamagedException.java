package io.securecart.fulfillment.warehouse;

/** The warehouse found an item it cannot send: trying again will not help. The workflow compensates. */
public class ItemDamagedException extends RuntimeException {

	public ItemDamagedException(String message) {
		super(message);
	}
}
