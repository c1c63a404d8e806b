package io.securecart.payment.gateway;

import static org.mockito.BDDMockito.given;
import static org.mockito.ArgumentMatchers.any;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import io.securecart.platform.audit.AuditTrail;
import java.util.function.Supplier;
import io.securecart.payment.security.PaymentSecurityConfiguration;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(GatewayAdminController.class)
@WithMockUser(username = "ops", roles = "ADMIN")
@EnableConfigurationProperties(GatewaySettings.class)
@Import({ SimulatedPaymentGateway.class, InMemorySimulatedGatewayLedger.class, PaymentSecurityConfiguration.class })
class GatewayAdminControllerTest {

	/** Runs the action, as the real trail does; AuditTrailIT and the service's ITs check what it records. */
	@MockitoBean
	AuditTrail audit;

	@BeforeEach
	void auditRunsTheAction() {
		given(audit.record(any(), any(), any(), any())).willAnswer(call -> call.<Supplier<?>>getArgument(2).get());
	}

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private SimulatedPaymentGateway gateway;

	@BeforeEach
	void healthyGateway() {
		gateway.apply(GatewaySettings.healthy());
	}

	@Test
	void showsTheCurrentSettings() {
		assertThat(mvc.get().uri("/api/admin/gateway")).hasStatusOk().bodyJson().isEqualTo("""
				{"outage": false, "latency": "PT0S", "transientFailureRate": 0.0}
				""");
	}

	@Test
	void startsAnOutageAndKeepsWhatTheBodyLeavesOut() {
		gateway.apply(new GatewaySettings(false, Duration.ofMillis(250), 0.1));

		var response = put("""
				{"outage": true}
				""");

		assertThat(response).hasStatusOk().bodyJson().isEqualTo("""
				{"outage": true, "latency": "PT0.25S", "transientFailureRate": 0.1}
				""");
		assertThat(gateway.settings()).isEqualTo(new GatewaySettings(true, Duration.ofMillis(250), 0.1));
	}

	@Test
	void changesEverySetting() {
		put("""
				{"outage": true, "latency": "PT0.5S", "transientFailureRate": 0.2}
				""");

		assertThat(gateway.settings()).isEqualTo(new GatewaySettings(true, Duration.ofMillis(500), 0.2));
	}

	@Test
	void refusesAFailureRateAboveOne() {
		var response = put("""
				{"transientFailureRate": 1.5}
				""");

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson().extractingPath("$.detail").asString().contains("transientFailureRate");
		assertThat(gateway.settings()).isEqualTo(GatewaySettings.healthy());
	}

	@Test
	void refusesANegativeLatency() {
		var response = put("""
				{"latency": "-PT1S"}
				""");

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson().extractingPath("$.detail").asString().contains("latency");
		assertThat(gateway.settings()).isEqualTo(GatewaySettings.healthy());
	}

	@Test
	void refusesALatencyThatIsNotADuration() {
		var response = put("""
				{"latency": "soon"}
				""");

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(gateway.settings()).isEqualTo(GatewaySettings.healthy());
	}

	private MvcTestResult put(String body) {
		return mvc.put().uri("/api/admin/gateway").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}
}
