package io.securecart.payment.replay;

import java.time.Instant;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Replays of the archived order events into the bus ({@code ./securecart events replay}). Administrators only. */
@RestController
@RequestMapping("/api/admin/events/replays")
class EventReplayController {

	/** EventBridge's rule for a replay's name: anything else is the caller's mistake, not a lookup that fails. */
	private static final String REPLAY_NAME = "[.\\-_A-Za-z0-9]{1,64}";

	private final EventReplays replays;

	private final AuditTrail audit;

	EventReplayController(EventReplays replays, AuditTrail audit) {
		this.replays = replays;
		this.audit = audit;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Replays the order events archived between 'from' and 'to' into the securecart bus")
	@ApiResponse(responseCode = "400", description = "An empty window, or one that reaches into the future")
	EventReplays.ReplayView start(@Valid @RequestBody ReplayRequest request) {
		return audit.record("events.replay", "bus:" + MessagingNames.EVENT_BUS,
				() -> replays.start(request.from(), request.to()),
				replay -> "replay=" + replay.name() + " from=" + replay.from() + " to=" + replay.to());
	}

	@GetMapping("/{name}")
	@Operation(summary = "How a replay is going: STARTING, RUNNING, COMPLETED, FAILED...")
	EventReplays.ReplayView one(@PathVariable @Pattern(regexp = REPLAY_NAME) String name) {
		return replays.replay(name);
	}

	record ReplayRequest(@NotNull Instant from, @NotNull Instant to) {
	}
}
