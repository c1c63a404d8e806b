package io.securecart.platform.stream;

import io.securecart.contracts.activity.CustomerActivity;

/**
 * Puts what a signed-in customer did on the customer activity stream, partition key = customer id, so one
 * customer's activities reach the stream, and its readers, in the order they were recorded.
 * <p>
 * Best effort by design (docs/adr/0014-activity-stream-on-kinesis.md): recording never blocks nor fails the request
 * that calls it. An activity that cannot be put within the bounded policy (buffer full, the stream failing every
 * attempt) is dropped and counted ({@code securecart.activity.records{outcome="dropped"}}), never retried later out of
 * order.
 */
public interface CustomerActivityStream {

	/** Queues {@code activity} to be put; returns at once. */
	void record(CustomerActivity activity);

}
