package io.securecart.platform.outbox;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.audit.AuditTrail;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox's set-aside rows over HTTP, in every service for its own outbox, for admins (as all of
 * {@code /api/admin/**}): see what the broker refused and why, fix the cause, republish; or discard what can never go
 * out. Changes are audited. {@code ./securecart outbox} calls it.
 */
@RestController
@RequestMapping("/api/admin/outbox/set-aside")
class SetAsideRowController {

	private final SetAsideRows rows;

	private final AuditTrail audit;

	SetAsideRowController(SetAsideRows rows, AuditTrail audit) {
		this.rows = rows;
		this.audit = audit;
	}

	@GetMapping
	List<SetAsideRow> list() {
		return rows.list();
	}

	@PostMapping("/{id}/republish")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void republish(@PathVariable UUID id) {
		audit.record("outbox.republish", "outbox:" + id, () -> {
			rows.republish(id);
			return null;
		});
	}

	@PostMapping("/republish")
	Republished republishAll() {
		return audit.record("outbox.republish-all", "outbox:set-aside",
				() -> new Republished(rows.republishAll()), Republished::toString);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void discard(@PathVariable UUID id) {
		audit.record("outbox.discard", "outbox:" + id, () -> rows.discard(id),
				row -> "%s to %s (group %s, order %s), refused %d times: %s".formatted(row.eventType(),
						row.destination(), row.groupId(), row.orderId(), row.refusals(), row.lastError()));
	}

	record Republished(int republished) {
	}
}
