package io.securecart.console.ops.faults;

import java.util.Map;

import io.securecart.console.api.Service;

/** One SQS listener of a service, as its admin API shows it: running, or paused by whom (holder → reason). */
record Consumer(Service service, String id, boolean running, Map<String, String> pausedBy) {

	/** What the service's {@code GET /api/admin/listeners} answers for each listener. */
	record Listener(String id, boolean running, Map<String, String> pausedBy) {

		Consumer of(Service service) {
			return new Consumer(service, id, running, pausedBy);
		}
	}
}
