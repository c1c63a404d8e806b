package io.securecart.console.ops.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Admins: each service's health with details (actuator health, which shows details to admins only), the components of
 * a service that is DOWN included.
 */
@Controller
class HealthController {

	private final ServiceApi api;

	HealthController(ServiceApi api) {
		this.api = api;
	}

	@GetMapping("/ops/health")
	String health(Authentication admin, Model model) {
		List<ServiceHealth> services = new ArrayList<>();
		for (Service service : Service.values()) {
			services.add(healthOf(admin, service));
		}
		model.addAttribute("services", services);
		return "ops/health";
	}

	private ServiceHealth healthOf(Authentication admin, Service service) {
		try {
			return parse(service, api.health(service, admin));
		}
		catch (ApiProblemException ex) {
			return new ServiceHealth(service, ex.status() == 503 ? "UNREACHABLE" : "UNKNOWN", List.of(),
					ex.title() + (ex.detail() == null ? "" : ": " + ex.detail()));
		}
	}

	static ServiceHealth parse(Service service, JsonNode health) {
		List<ServiceHealth.Component> components = new ArrayList<>();
		collect("", health.path("components"), components);
		return new ServiceHealth(service, health.path("status").asString("UNKNOWN"), components, null);
	}

	/** Nested components (e.g. db's primary and replica) flattened as "db/replica". */
	private static void collect(String prefix, JsonNode node, List<ServiceHealth.Component> into) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String name = prefix + entry.getKey();
			JsonNode component = entry.getValue();
			if (component.has("components")) {
				collect(name + "/", component.path("components"), into);
				continue;
			}
			Map<String, String> details = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> detail : component.path("details").properties()) {
				details.put(detail.getKey(),
						detail.getValue().isValueNode() ? detail.getValue().asString() : detail.getValue().toString());
			}
			into.add(new ServiceHealth.Component(name, component.path("status").asString("UNKNOWN"), details));
		}
	}
}
