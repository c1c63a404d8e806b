package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An instance of this service admitting fulfilments, as its lease says ({@link WorkerLeases}).
 *
 * @param instance the instance, a random id of its process
 * @param workers how many steps its task listener works at once
 * @param step how long a step held one of its workers, its moving mean; null before it measured one
 * @param expiresAt when the others stop reckoning with it, unless it renews the lease before, by the database's clock
 */
record WorkerLease(UUID instance, int workers, @Nullable Duration step, Instant expiresAt) {

	/** This instance's own lease, to renew: when it runs out is the database's to say ({@link WorkerLeases#renew}). */
	static WorkerLease toRenew(UUID instance, int workers, @Nullable Duration step) {
		return new WorkerLease(instance, workers, step, Instant.MAX);
	}
}
