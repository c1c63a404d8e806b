package io.securecart.payment.gateway;

import io.securecart.platform.audit.AuditTrail;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changes how the simulated gateway behaves while the service runs: start or end an outage, add latency, make a
 * share of calls fail. For demos, labs and tests; a real gateway adapter has no such switch.
 */
@RestController
@RequestMapping("/api/admin/gateway")
class GatewayAdminController {

	private final SimulatedPaymentGateway gateway;

	private final AuditTrail audit;

	GatewayAdminController(SimulatedPaymentGateway gateway, AuditTrail audit) {
		this.gateway = gateway;
		this.audit = audit;
	}

	@GetMapping
	GatewaySettings settings() {
		return gateway.settings();
	}

	@PutMapping
	GatewaySettings update(@Valid @RequestBody GatewaySettingsUpdate update) {
		return audit.record("payment.gateway.change", "gateway:simulated", () -> gateway.change(update::applyTo),
				GatewaySettings::toString);
	}
}
