package io.securecart.console.ops.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.securecart.console.TestUsers;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.security.ConsoleSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(DeadLetterQueueController.class)
@Import(ConsoleSecurityConfiguration.class)
class DeadLetterQueueControllerTest {

	private static final String DLQ = "notification-order-events-dlq";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	DeadLetterQueues deadLetterQueues;

	@Test
	void listsEveryDeadLetterQueueAndSaysWhichServiceDidNotAnswer() throws Exception {
		given(deadLetterQueues.all(any())).willReturn(new DeadLetterQueues.Listing(
				List.of(new DeadLetterQueue(Service.NOTIFICATION, "notification-order-events", DLQ, 5, 2, "RECEIVES")),
				List.of(new ApiProblemException(Service.PAYMENT, 503, "payment-service is unreachable", null))));

		String page = mvc.perform(get("/ops/dlq").with(TestUsers.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("href=\"/ops/dlq/NOTIFICATION/" + DLQ + "\"", "failed receives",
				"payment-service: payment-service is unreachable");
	}

	@Test
	void showsEachMessageWithItsAttributesAndReceiveCount() throws Exception {
		given(deadLetterQueues.messages(any(), any(), any())).willReturn(List.of(new DeadLetterMessage("m-1",
				"PaymentAuthorized", "{\"poison\": 1", 5, Instant.parse("2026-11-30T12:00:00Z"),
				Instant.parse("2026-11-30T11:59:59Z"), null, null, Map.of("eventType", "PaymentAuthorized"))));

		String page = mvc.perform(get("/ops/dlq/NOTIFICATION/" + DLQ).with(TestUsers.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("data-message-id=\"m-1\"", "Receive count", "{&quot;poison&quot;: 1",
				"action=\"/ops/dlq/NOTIFICATION/" + DLQ + "/messages/m-1/redrive\"", "Redrive all");
	}

	@Test
	void redrivingOneMessageGoesThroughTheServicesAuditedApi() throws Exception {
		given(deadLetterQueues.redriveOne(any(), any(), any(), any()))
			.willReturn(new RedriveResult("notification-order-events", "SEND_AND_DELETE", 1, null));

		mvc.perform(post("/ops/dlq/NOTIFICATION/" + DLQ + "/messages/m-1/redrive").with(TestUsers.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/ops/dlq/NOTIFICATION/" + DLQ))
			.andExpect(flash().attribute("notice", "Redrove message m-1 to notification-order-events (1 moved)."));
		then(deadLetterQueues).should().redriveOne(any(), org.mockito.ArgumentMatchers.eq(Service.NOTIFICATION),
				org.mockito.ArgumentMatchers.eq(DLQ), org.mockito.ArgumentMatchers.eq("m-1"));
	}

	@Test
	void aQueueTheServiceDoesNotKnowIsItsProblemShownReadably() throws Exception {
		given(deadLetterQueues.redriveAll(any(), any(), any())).willThrow(
				new ApiProblemException(Service.NOTIFICATION, 404, "Unknown queue", "No queue called nope-dlq"));

		String page = mvc.perform(post("/ops/dlq/NOTIFICATION/nope-dlq/redrive").with(TestUsers.admin()).with(csrf()))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Unknown queue", "No queue called nope-dlq");
	}

	@Test
	void aServiceNameThatIsNotOneIsABadRequest() throws Exception {
		mvc.perform(get("/ops/dlq/BILLING/" + DLQ).with(TestUsers.admin())).andExpect(status().isBadRequest());
	}
}
