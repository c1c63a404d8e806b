package io.securecart.payment.charge;

import java.util.function.Supplier;

import io.securecart.platform.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * What the slice tests of the audited admin actions of the charge feature share ({@code PaymentAttemptControllerTest},
 * {@code RefundAttemptControllerTest}): an operator ("ops", an admin) calls them, and the {@link AuditTrail} is a mock
 * that runs the action, as the real trail does, so that a test sees the action's answer and can read what would be
 * recorded from the trail's arguments. {@code PaymentsIT} checks what the real trail records.
 */
@WithMockUser(username = "ops", roles = "ADMIN")
abstract class AuditedAdminActions {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	AuditTrail audit;

	@BeforeEach
	void auditRunsTheAction() {
		given(audit.record(any(), any(), any(), any())).willAnswer(call -> call.<Supplier<?>>getArgument(2).get());
		given(audit.record(any(), any(), any(), any(), any()))
			.willAnswer(call -> call.<Supplier<?>>getArgument(3).get());
	}
}
