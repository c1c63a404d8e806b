package io.securecart.payment.replay;

import java.time.Instant;
import java.util.function.Supplier;

import io.securecart.payment.security.PaymentSecurityConfiguration;
import io.securecart.platform.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/** The replay API's problems: EventBridge's refusals as the caller can act on them, never a 500. */
@WebMvcTest(EventReplayController.class)
@Import({ PaymentSecurityConfiguration.class, ReplayProblems.class })
@WithMockUser(username = "ops", roles = "ADMIN")
class EventReplayControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private EventReplays replays;

	@MockitoBean
	private AuditTrail audit;

	@BeforeEach
	void auditRunsTheAction() {
		given(audit.record(any(), any(), any(), any())).willAnswer(call -> call.<Supplier<?>>getArgument(2).get());
	}

	@Test
	void aReplayBeyondEventBridgesLimitIsA429ToTryAgainLater() {
		given(replays.start(any(), any()))
			.willThrow(LimitExceededException.builder().message("The requested resource exceeds the maximum").build());

		var answer = mvc.post()
			.uri("/api/admin/events/replays")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"from": "%s", "to": "%s"}""".formatted(Instant.parse("2026-12-05T10:00:00Z"),
					Instant.parse("2026-12-05T11:00:00Z")))
			.exchange();

		assertThat(answer).hasStatus(429)
			.hasHeader(HttpHeaders.RETRY_AFTER, ReplayProblems.REPLAY_RETRY_AFTER_SECONDS)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/replay-limit");
		assertThat(answer).bodyJson().extractingPath("$.detail").asString().doesNotContain("requested resource");
	}

	@Test
	void anUnknownReplayIsA404() {
		given(replays.replay("replay-gone")).willThrow(ResourceNotFoundException.builder().message("gone").build());

		assertThat(mvc.get().uri("/api/admin/events/replays/replay-gone")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No such replay");
	}
}
