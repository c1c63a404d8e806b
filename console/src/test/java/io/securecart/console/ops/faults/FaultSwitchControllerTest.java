package io.securecart.console.ops.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.securecart.console.TestUsers;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import io.securecart.console.security.ConsoleSecurityConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(FaultSwitchController.class)
@Import(ConsoleSecurityConfiguration.class)
class FaultSwitchControllerTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ServiceApi api;

	@BeforeEach
	void gateway() {
		given(api.get(eq(Service.PAYMENT), any(), eq(GatewaySettings.class), eq("/api/admin/gateway")))
			.willReturn(new GatewaySettings(false, Duration.ZERO, 0.0));
	}

	@Test
	void showsEveryServicesConsumersWhoHoldsThemPausedAndWhichServiceDidNotAnswer() throws Exception {
		given(api.get(any(Service.class), any(), any(ParameterizedTypeReference.class), eq("/api/admin/listeners")))
			.willReturn(List.of());
		given(api.get(eq(Service.PAYMENT), any(), any(ParameterizedTypeReference.class), eq("/api/admin/listeners")))
			.willReturn(List.of(new Consumer.Listener("orders", false,
					Map.of("operator", "demo: watch the queue fill", "payment-gateway", "circuit OPEN")),
					new Consumer.Listener("fraud-screening", true, Map.of())));
		given(api.get(eq(Service.FULFILLMENT), any(), any(ParameterizedTypeReference.class),
				eq("/api/admin/listeners")))
			.willThrow(new ApiProblemException(Service.FULFILLMENT, 503, "fulfillment-service is unreachable", null));

		String page = mvc.perform(get("/ops/demo").with(TestUsers.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("id=\"consumer-payment-orders\"", "operator: demo: watch the queue fill",
				"payment-gateway: circuit OPEN", "action=\"/ops/demo/consumers/PAYMENT/orders/resume\"",
				"action=\"/ops/demo/consumers/PAYMENT/fraud-screening/pause\"",
				"fulfillment-service: fulfillment-service is unreachable");
		assertThat(page).doesNotContain("action=\"/ops/demo/consumers/PAYMENT/orders/pause\"");
	}

	@Test
	void aStoppedPaymentServiceLeavesTheOtherServicesConsumersToSwitch() throws Exception {
		given(api.get(eq(Service.PAYMENT), any(), eq(GatewaySettings.class), eq("/api/admin/gateway")))
			.willThrow(new ApiProblemException(Service.PAYMENT, 503, "payment-service is unreachable", null));
		given(api.get(any(Service.class), any(), any(ParameterizedTypeReference.class), eq("/api/admin/listeners")))
			.willReturn(List.of(new Consumer.Listener("order-events", true, Map.of())));
		given(api.get(eq(Service.PAYMENT), any(), any(ParameterizedTypeReference.class), eq("/api/admin/listeners")))
			.willThrow(new ApiProblemException(Service.PAYMENT, 503, "payment-service is unreachable", null));

		String page = mvc.perform(get("/ops/demo").with(TestUsers.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("id=\"consumer-notification-order-events\"",
				"payment-service did not answer: start it to see and change its gateway",
				"payment-service: payment-service is unreachable");
		assertThat(page).doesNotContain("action=\"/ops/demo/gateway\"");
	}

	@Test
	void applyingTheGatewayFormSendsOnlyWhatTheAdminChangedSoAnotherAdminsChangeStays() throws Exception {
		given(api.send(eq(Service.PAYMENT), any(), eq(HttpMethod.PUT), any(), any(HttpHeaders.class),
				eq(GatewaySettings.class), eq("/api/admin/gateway")))
			.willReturn(new GatewaySettings(true, Duration.ofMillis(500), 0.0));

		// The page showed no outage, 0 ms and 0.0; the admin typed 500 ms and left the rest as shown.
		mvc.perform(post("/ops/demo/gateway").param("latencyMillis", "500")
			.param("transientFailureRate", "0.0")
			.param("shownOutage", "false")
			.param("shownLatencyMillis", "0")
			.param("shownTransientFailureRate", "0.0")
			.with(TestUsers.admin())
			.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("notice", "Payment gateway: outage on, latency 500 ms, failure rate 0.0."));

		then(api).should()
			.send(eq(Service.PAYMENT), any(), eq(HttpMethod.PUT),
					eq(new FaultSwitchController.GatewayChanges(null, Duration.ofMillis(500), null)),
					any(HttpHeaders.class), eq(GatewaySettings.class), eq("/api/admin/gateway"));
	}

	@Test
	void theGatewayPageCarriesTheSettingsItShowed() throws Exception {
		given(api.get(any(Service.class), any(), any(ParameterizedTypeReference.class), eq("/api/admin/listeners")))
			.willReturn(List.of());

		String page = mvc.perform(get("/ops/demo").with(TestUsers.admin()))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("name=\"shownOutage\" value=\"false\"", "name=\"shownLatencyMillis\" value=\"0\"",
				"name=\"shownTransientFailureRate\" value=\"0.0\"");
	}

	@Test
	void stoppingAConsumerGoesThroughTheServicesAuditedApiWithTheReason() throws Exception {
		given(api.send(eq(Service.PAYMENT), any(), eq(HttpMethod.POST), any(), any(HttpHeaders.class),
				eq(Consumer.Listener.class), eq("/api/admin/listeners/{listener}/pause"), eq("orders")))
			.willReturn(new Consumer.Listener("orders", false, Map.of("operator", "lab")));

		mvc.perform(post("/ops/demo/consumers/PAYMENT/orders/pause").param("reason", "lab")
			.with(TestUsers.admin())
			.with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/demo"))
			.andExpect(flash().attribute("notice",
					"payment-service's consumer orders stopped: its messages wait in the queue until you start it again."));
		then(api).should()
			.send(eq(Service.PAYMENT), any(), eq(HttpMethod.POST), eq(new FaultSwitchController.PauseForm("lab")),
					any(HttpHeaders.class), eq(Consumer.Listener.class), eq("/api/admin/listeners/{listener}/pause"),
					eq("orders"));
	}

	@Test
	void startingAConsumerAnotherPartyStillHoldsSaysSo() throws Exception {
		given(api.send(eq(Service.PAYMENT), any(), eq(HttpMethod.POST), any(), any(HttpHeaders.class),
				eq(Consumer.Listener.class), eq("/api/admin/listeners/{listener}/resume"), eq("orders")))
			.willReturn(new Consumer.Listener("orders", false, Map.of("payment-gateway", "circuit OPEN")));

		mvc.perform(post("/ops/demo/consumers/PAYMENT/orders/resume").with(TestUsers.admin()).with(csrf()))
			.andExpect(flash().attribute("notice",
					"payment-service's consumer orders is still paused by payment-gateway."));
	}

	@Test
	void aStopWithoutAReasonIsRefused() throws Exception {
		mvc.perform(post("/ops/demo/consumers/PAYMENT/orders/pause").param("reason", " ")
			.with(TestUsers.admin())
			.with(csrf())).andExpect(status().isBadRequest());
	}
}
