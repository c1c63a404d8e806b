package io.securecart.platform.audit;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail of this service's admin actions, newest first. Under {@code /api/admin/}: administrators only. */
@RestController
@RequestMapping("/api/admin/audit")
class AuditController {

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping
	List<AuditEvent> recent(@RequestParam(required = false) String action,
			@RequestParam(required = false) String resource,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return trail.recent(action, resource, limit);
	}
}
