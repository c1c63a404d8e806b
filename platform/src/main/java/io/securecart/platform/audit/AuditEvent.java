package io.securecart.platform.audit;

import java.time.Instant;

/**
 * One entry of the audit trail.
 *
 * @param id ascending in the order entries were written
 * @param occurredAt when the action ended
 * @param actor the token's subject of whoever acted
 * @param action what was done ({@code dlq.redrive}, {@code payment.gateway.change}...)
 * @param resource what it was done to ({@code queue:orders.fifo}, {@code product:SC-MUG-002}, {@code order:...})
 * @param outcome success or failure
 * @param detail what changed (new values, counts), or on failure the exception's type; never a secret
 */
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String resource,
		AuditOutcome outcome, String detail) {
}
