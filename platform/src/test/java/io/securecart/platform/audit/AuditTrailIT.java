package io.securecart.platform.audit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.PlatformDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit trail of the platform's admin actions (DLQ redrives, in every service): who, what, on which resource,
 * when and the outcome, in {@code audit_event}, at {@code GET /api/admin/audit} and as one log line.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	AuditTrail trail;

	@Test
	void aRedriveOfAWholeDeadLetterQueueIsRecordedWithWhoWhatAndTheOutcome(CapturedOutput output) throws Exception {
		String queue = MessagingNames.NOTIFICATION_QUEUE;

		String answer = mvc
			.perform(post("/api/admin/dlq/{queue}/redrive", queue).header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// Other tests share the emulator and may have left messages in this DLQ: the record says what this one did.
		Matcher moved = Pattern.compile("\"moved\"\\s*:\\s*(\\d+)").matcher(answer);
		assertThat(moved.find()).as("moved in %s", answer).isTrue();

		AuditEvent event = newest("dlq.redrive");
		assertThat(event.actor()).isEqualTo("ops");
		assertThat(event.resource()).isEqualTo("queue:" + queue);
		assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
		assertThat(event.detail()).contains("moved=" + moved.group(1));
		assertThat(event.occurredAt()).isNotNull();
		assertThat(output.getAll()).containsPattern(
				"audit actor=ops action=dlq.redrive resource=queue:" + queue + " outcome=SUCCESS at=\\S+ detail=");
	}

	@Test
	void aRedriveThatFailsIsRecordedAsAFailureWithoutTheExceptionsMessage() throws Exception {
		mvc.perform(post("/api/admin/dlq/{queue}/messages/{id}/redrive", MessagingNames.NOTIFICATION_QUEUE,
				"no-such-message")
			.header(HttpHeaders.AUTHORIZATION, admin())).andExpect(status().isNotFound());
		mvc.perform(post("/api/admin/dlq/{queue}/redrive", "no-such-queue").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isNotFound());

		AuditEvent oneMessage = newest("dlq.redrive-message");
		assertThat(oneMessage.resource())
			.isEqualTo("queue:" + MessagingNames.NOTIFICATION_QUEUE + "/message:no-such-message");
		assertThat(oneMessage.outcome()).isEqualTo(AuditOutcome.FAILURE);
		assertThat(oneMessage.detail()).isEqualTo("DeadLetterMessageNotFoundException");
		AuditEvent unknownQueue = newest("dlq.redrive");
		assertThat(unknownQueue.resource()).isEqualTo("queue:no-such-queue");
		assertThat(unknownQueue.outcome()).isEqualTo(AuditOutcome.FAILURE);
		assertThat(unknownQueue.actor()).isEqualTo("ops");
	}

	@Test
	void administratorsReadTheTrailNewestFirstAndNobodyElseDoes() throws Exception {
		mvc.perform(post("/api/admin/dlq/{queue}/redrive", "first-unknown").header(HttpHeaders.AUTHORIZATION, admin()));
		mvc.perform(post("/api/admin/dlq/{queue}/redrive", "second-unknown").header(HttpHeaders.AUTHORIZATION, admin()));

		mvc.perform(get("/api/admin/audit?action=dlq.redrive&limit=2").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].resource").value("queue:second-unknown"))
			.andExpect(jsonPath("$[1].resource").value("queue:first-unknown"))
			.andExpect(jsonPath("$[0].actor").value("ops"))
			.andExpect(jsonPath("$[0].outcome").value("FAILURE"));
		mvc.perform(get("/api/admin/audit").header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer("alice")))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/admin/audit")).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/admin/audit?limit=100000").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isBadRequest());
		// A customer's refused attempt never reaches the action, so it records nothing.
		List<AuditEvent> newestBefore = trail.recent(null, null, 1);
		mvc.perform(post("/api/admin/dlq/{queue}/redrive", MessagingNames.NOTIFICATION_QUEUE)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer("alice"))).andExpect(status().isForbidden());
		assertThat(trail.recent(null, null, 1)).isEqualTo(newestBefore);
	}

	private AuditEvent newest(String action) {
		List<AuditEvent> events = trail.recent(action, null, 1);
		assertThat(events).as("audit entries of %s", action).hasSize(1);
		return events.getFirst();
	}

	private static String admin() {
		return TestTokens.shared().admin();
	}
}
