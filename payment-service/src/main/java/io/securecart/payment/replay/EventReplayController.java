package io.securecart.payment.replay;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

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

	private final EventReplays replays;

	EventReplayController(EventReplays replays) {
		this.replays = replays;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Replays the order events archived between 'from' and 'to' into the securecart bus")
	@ApiResponse(responseCode = "400", description = "An empty window, or one that reaches into the future")
	EventReplays.ReplayView start(@Valid @RequestBody ReplayRequest request) {
		return replays.start(request.from(), request.to());
	}

	@GetMapping("/{name}")
	@Operation(summary = "How a replay is going: STARTING, RUNNING, COMPLETED, FAILED...")
	EventReplays.ReplayView one(@PathVariable String name) {
		return replays.replay(name);
	}

	record ReplayRequest(@NotNull Instant from, @NotNull Instant to) {
	}
}
