package io.securecart.fulfillment.warehouse;

/** The warehouse did not complete a step this time; the same step may well succeed when retried. */
public class WarehouseUnavailableException extends RuntimeException {

	public WarehouseUnavailableException(String message) {
		super(message);
	}
}
