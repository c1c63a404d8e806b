package io.securecart.console.ops.dlq;

import io.securecart.console.api.Service;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admins: the DLQ browser. See what failed, with attributes and receive counts; redrive one message or all. */
@Controller
@Validated
class DeadLetterQueueController {

	private static final String QUEUE_NAME = "[A-Za-z0-9_.-]{1,80}";

	private final DeadLetterQueues deadLetterQueues;

	DeadLetterQueueController(DeadLetterQueues deadLetterQueues) {
		this.deadLetterQueues = deadLetterQueues;
	}

	@GetMapping("/ops/dlq")
	String queues(Authentication admin, Model model) {
		model.addAttribute("listing", deadLetterQueues.all(admin));
		return "ops/dlq";
	}

	@GetMapping("/ops/dlq/{service}/{queue}")
	String messages(@PathVariable Service service, @PathVariable @Pattern(regexp = QUEUE_NAME) String queue,
			Authentication admin, Model model) {
		model.addAttribute("service", service);
		model.addAttribute("queue", queue);
		model.addAttribute("messages", deadLetterQueues.messages(admin, service, queue));
		model.addAttribute("shown", DeadLetterQueues.SHOWN);
		return "ops/dlq-messages";
	}

	@PostMapping("/ops/dlq/{service}/{queue}/redrive")
	String redriveAll(@PathVariable Service service, @PathVariable @Pattern(regexp = QUEUE_NAME) String queue,
			Authentication admin, RedirectAttributes redirect) {
		RedriveResult result = deadLetterQueues.redriveAll(admin, service, queue);
		redirect.addFlashAttribute("notice", "Redrove " + result.moved() + " message(s) from " + queue + " to "
				+ result.queue() + " (" + result.method() + ").");
		return "redirect:/ops/dlq/" + service + "/" + queue;
	}

	@PostMapping("/ops/dlq/{service}/{queue}/messages/{messageId}/redrive")
	String redriveOne(@PathVariable Service service, @PathVariable @Pattern(regexp = QUEUE_NAME) String queue,
			@PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,100}") String messageId, Authentication admin,
			RedirectAttributes redirect) {
		RedriveResult result = deadLetterQueues.redriveOne(admin, service, queue, messageId);
		redirect.addFlashAttribute("notice",
				"Redrove message " + messageId + " to " + result.queue() + " (" + result.moved() + " moved).");
		return "redirect:/ops/dlq/" + service + "/" + queue;
	}
}
