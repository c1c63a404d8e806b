package io.securecart.platform.messaging;

import java.util.List;

import io.securecart.platform.audit.AuditTrail;
import io.securecart.platform.messaging.ListenerPauses.ListenerState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stop and start this service's consumers by hand: a demo and lab control (the console's "stop a consumer" switch,
 * {@code ./securecart consumer}). A stopped listener's messages wait in its queue, so the queue's depth and the age of
 * its oldest message grow while nothing is lost; health shows it as paused by the operator, with the reason. Audited.
 * Admin only, like all of {@code /api/admin/**}.
 */
@RestController
@RequestMapping("/api/admin/listeners")
class ListenerController {

	private final ListenerPauses pauses;

	private final AuditTrail audit;

	ListenerController(ListenerPauses pauses, AuditTrail audit) {
		this.pauses = pauses;
		this.audit = audit;
	}

	@GetMapping
	List<ListenerState> listeners() {
		return pauses.states();
	}

	@PostMapping("/{listenerId}/pause")
	ListenerState pause(@PathVariable String listenerId, @Valid @RequestBody PauseRequest request) {
		return audit.record("listener.pause", "listener:" + listenerId, () -> {
			pauses.pause(listenerId, ListenerPauses.OPERATOR, request.reason());
			return pauses.state(listenerId);
		}, state -> "reason: " + request.reason());
	}

	@PostMapping("/{listenerId}/resume")
	ListenerState resume(@PathVariable String listenerId) {
		return audit.record("listener.resume", "listener:" + listenerId, () -> {
			pauses.resume(listenerId, ListenerPauses.OPERATOR);
			return pauses.state(listenerId);
		}, state -> state.running() ? "consuming" : "still paused by " + state.pausedBy().keySet());
	}

	/** Why the operator stops the consumer; shown in health and recorded in the audit trail. */
	record PauseRequest(@NotBlank @Size(max = 200) String reason) {
	}
}
