package io.securecart.platform.dlq;

import java.util.List;

import io.securecart.platform.audit.AuditTrail;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DLQ runbook over HTTP, in every service for its own queues: see what failed, fix the cause, redrive.
 * {@code ./securecart dlq} calls it.
 */
@RestController
@RequestMapping("/api/admin/dlq")
class DeadLetterQueueController {

	private final DeadLetterQueues deadLetterQueues;

	private final AuditTrail audit;

	DeadLetterQueueController(DeadLetterQueues deadLetterQueues, AuditTrail audit) {
		this.deadLetterQueues = deadLetterQueues;
		this.audit = audit;
	}

	@GetMapping
	List<DeadLetterQueueSummary> summaries() {
		return deadLetterQueues.summaries();
	}

	/** SQS hands out 1 to 10 messages per receive; the API says so rather than passing on what SQS would refuse. */
	@GetMapping("/{queue}/messages")
	List<DeadLetterMessage> messages(@PathVariable String queue,
			@RequestParam(defaultValue = "10") @Min(1) @Max(10) int max) {
		return deadLetterQueues.messages(queue, max);
	}

	@PostMapping("/{queue}/redrive")
	RedriveResult redriveAll(@PathVariable String queue) {
		return audit.record("dlq.redrive", "queue:" + queue, () -> deadLetterQueues.redriveAll(queue),
				RedriveResult::toString);
	}

	@PostMapping("/{queue}/messages/{messageId}/redrive")
	RedriveResult redriveOne(@PathVariable String queue, @PathVariable String messageId) {
		return audit.record("dlq.redrive-message", "queue:" + queue + "/message:" + messageId,
				() -> deadLetterQueues.redriveOne(queue, messageId), RedriveResult::toString);
	}

}
