package io.securecart.console.ops.workflow;

import java.util.UUID;

import io.securecart.console.api.ConsoleProperties;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** Admins: the fulfillment workflow's recent executions, and one execution's history (states, retries, failures). */
@Controller
class WorkflowController {

	private final Workflows workflows;

	private final ConsoleProperties properties;

	WorkflowController(Workflows workflows, ConsoleProperties properties) {
		this.workflows = workflows;
		this.properties = properties;
	}

	@GetMapping("/ops/workflows")
	String executions(Model model) {
		model.addAttribute("executions", workflows.recent());
		return "ops/workflows";
	}

	@GetMapping("/ops/workflows/{orderId}")
	String execution(@PathVariable UUID orderId, Model model) {
		model.addAttribute("execution", workflows.execution(orderId.toString())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"Order " + orderId + " has no fulfillment execution (yet): it starts once the stock is reserved.")));
		model.addAttribute("traceUrl", properties.traceUrl(orderId));
		return "ops/workflow";
	}
}
