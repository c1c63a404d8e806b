package io.securecart.console.ops.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins: demo and lab controls. The simulated payment gateway's outage, latency and failure rate, through payment's
 * admin API, and each service's consumers (stop one and watch its queue fill on the topology page), through the
 * service's listener API. The services audit each change.
 */
@Controller
class FaultSwitchController {

	private static final ParameterizedTypeReference<List<Consumer.Listener>> LISTENERS = new ParameterizedTypeReference<>() {
	};

	private final ServiceApi api;

	FaultSwitchController(ServiceApi api) {
		this.api = api;
	}

	@GetMapping("/ops/demo")
	String switches(Authentication admin, Model model) {
		List<Consumer> consumers = new ArrayList<>();
		List<ApiProblemException> unanswered = new ArrayList<>();
		try {
			model.addAttribute("gateway", api.get(Service.PAYMENT, admin, GatewaySettings.class, "/api/admin/gateway"));
		}
		catch (ApiProblemException ex) {
			// payment-service stopped: its gateway cannot be set now, the other services' consumers still can.
			unanswered.add(ex);
		}
		for (Service service : Service.values()) {
			try {
				api.get(service, admin, LISTENERS, "/api/admin/listeners")
					.forEach(listener -> consumers.add(listener.of(service)));
			}
			catch (ApiProblemException ex) {
				// A stopped service is part of the demo: show the others' consumers, and say which did not answer.
				unanswered.add(ex);
			}
		}
		model.addAttribute("consumers", consumers);
		model.addAttribute("unanswered", unanswered);
		return "ops/demo";
	}

	@PostMapping("/ops/demo/consumers/{service}/{listener}/pause")
	String pause(@PathVariable Service service, @PathVariable String listener, @Valid PauseForm form,
			Authentication admin, RedirectAttributes redirect) {
		api.send(service, admin, HttpMethod.POST, form, HttpHeaders.EMPTY, Consumer.Listener.class,
				"/api/admin/listeners/{listener}/pause", listener);
		redirect.addFlashAttribute("notice", service.displayName() + "'s consumer " + listener
				+ " stopped: its messages wait in the queue until you start it again.");
		return "redirect:/ops/demo";
	}

	@PostMapping("/ops/demo/consumers/{service}/{listener}/resume")
	String resume(@PathVariable Service service, @PathVariable String listener, Authentication admin,
			RedirectAttributes redirect) {
		Consumer.Listener state = api.send(service, admin, HttpMethod.POST, null, HttpHeaders.EMPTY,
				Consumer.Listener.class, "/api/admin/listeners/{listener}/resume", listener);
		redirect.addFlashAttribute("notice", service.displayName() + "'s consumer " + listener + (state.running()
				? " is consuming again." : " is still paused by " + String.join(", ", state.pausedBy().keySet()) + "."));
		return "redirect:/ops/demo";
	}

	/** Why the consumer is stopped: the service shows it in its health and records it in its audit trail. */
	record PauseForm(@NotBlank @Size(max = 200) String reason) {
	}

	@PostMapping("/ops/demo/gateway")
	String gateway(@Valid GatewayForm form, Authentication admin, RedirectAttributes redirect) {
		GatewaySettings applied = api.send(Service.PAYMENT, admin, HttpMethod.PUT, form.changes(), HttpHeaders.EMPTY,
				GatewaySettings.class, "/api/admin/gateway");
		redirect.addFlashAttribute("notice", "Payment gateway: outage " + (applied.outage() ? "on" : "off")
				+ ", latency " + applied.latency().toMillis() + " ms, failure rate " + applied.transientFailureRate()
				+ ".");
		return "redirect:/ops/demo";
	}

	/**
	 * The form, with the settings it showed ({@code shown...}, hidden fields): only what the admin changed is sent, so
	 * a setting another admin changed since the page was opened is not put back. An unticked checkbox sends nothing,
	 * which means no outage.
	 */
	record GatewayForm(Boolean outage, @NotNull @Min(0) @Max(60_000) Long latencyMillis,
			@NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double transientFailureRate, Boolean shownOutage,
			Long shownLatencyMillis, Double shownTransientFailureRate) {

		/** Payment's partial update: a field left null keeps the gateway's current value. */
		GatewayChanges changes() {
			boolean outageWanted = Boolean.TRUE.equals(outage);
			return new GatewayChanges(changed(outageWanted, shownOutage),
					changed(latencyMillis, shownLatencyMillis) == null ? null : Duration.ofMillis(latencyMillis),
					changed(transientFailureRate, shownTransientFailureRate));
		}

		/** The wanted value unless it is what the page showed; without what it showed (no page), the wanted value. */
		private static <T> T changed(T wanted, T shown) {
			return wanted.equals(shown) ? null : wanted;
		}
	}

	/** What {@code PUT /api/admin/gateway} takes: a field left out is left as it is. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record GatewayChanges(Boolean outage, Duration latency, Double transientFailureRate) {
	}
}
