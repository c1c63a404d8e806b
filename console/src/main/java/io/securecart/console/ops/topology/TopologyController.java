package io.securecart.console.ops.topology;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.securecart.provisioner.Topology;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Admins: what infra/topology.json declares, with each queue's depth, in-flight count and dead letters, live. */
@Controller
class TopologyController {

	private final Topology topology;

	private final QueueGauges gauges;

	TopologyController(Topology topology, QueueGauges gauges) {
		this.topology = topology;
		this.gauges = gauges;
	}

	@GetMapping("/ops")
	String operations() {
		return "redirect:/ops/topology";
	}

	@GetMapping("/ops/topology")
	String topology(Model model) {
		model.addAttribute("topology", topology);
		model.addAttribute("states", topology.stateMachines()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Topology.StateMachineSpec::name, TopologyController::states)));
		model.addAttribute("gauges", gauges.read());
		return "ops/topology";
	}

	/** The gauges alone: the page refreshes them every few seconds (htmx). */
	@GetMapping("/ops/topology/queues")
	String queues(Model model) {
		model.addAttribute("gauges", gauges.read());
		return "ops/topology :: gauges";
	}

	/** The states of a definition, in declaration order, with their type (Task, Choice, Map...). */
	static List<Map.Entry<String, String>> states(Topology.StateMachineSpec machine) {
		JsonNode states = machine.definitionDocument() == null ? null : machine.definitionDocument().get("States");
		if (states == null) {
			return List.of();
		}
		return StreamSupport.stream(states.properties().spliterator(), false)
			.map(state -> Map.entry(state.getKey(), state.getValue().path("Type").asString()))
			.toList();
	}
}
