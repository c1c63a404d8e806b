package io.securecart.console.ops.faults;

import java.time.Duration;

import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins: demo and lab controls. The simulated payment gateway's outage, latency and failure rate, through payment's
 * admin API, which audits each change. There is no switch to stop a consumer: no service has an API for it.
 */
@Controller
class FaultSwitchController {

	private final ServiceApi api;

	FaultSwitchController(ServiceApi api) {
		this.api = api;
	}

	@GetMapping("/ops/demo")
	String switches(Authentication admin, Model model) {
		model.addAttribute("gateway", api.get(Service.PAYMENT, admin, GatewaySettings.class, "/api/admin/gateway"));
		return "ops/demo";
	}

	@PostMapping("/ops/demo/gateway")
	String gateway(@Valid GatewayForm form, Authentication admin, RedirectAttributes redirect) {
		GatewaySettings applied = api.send(Service.PAYMENT, admin, HttpMethod.PUT, form.toUpdate(), HttpHeaders.EMPTY,
				GatewaySettings.class, "/api/admin/gateway");
		redirect.addFlashAttribute("notice", "Payment gateway: outage " + (applied.outage() ? "on" : "off")
				+ ", latency " + applied.latency().toMillis() + " ms, failure rate " + applied.transientFailureRate()
				+ ".");
		return "redirect:/ops/demo";
	}

	/** The form; an unticked checkbox sends nothing, which means no outage. */
	record GatewayForm(Boolean outage, @NotNull @Min(0) @Max(60_000) Long latencyMillis,
			@NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double transientFailureRate) {

		GatewaySettings toUpdate() {
			return new GatewaySettings(Boolean.TRUE.equals(outage), Duration.ofMillis(latencyMillis),
					transientFailureRate);
		}
	}
}
