package io.securecart.platform.outbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The relay's one way out to the broker. */
interface MessagePublisher {

	/**
	 * Publishes {@code messages}, keeping their order per destination, in as few requests as the broker allows.
	 * @return the messages that were not published, each with why; every other one was
	 */
	Map<UUID, PublishFailure> publish(List<OutboxMessage> messages);

}
