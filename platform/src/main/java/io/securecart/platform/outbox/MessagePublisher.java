package io.securecart.platform.outbox;

/** The relay's one way out to the broker. */
interface MessagePublisher {

	void publish(OutboxMessage message);

}
