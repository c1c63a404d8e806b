package io.securecart.platform.audit;

/** Whether an audited action did what was asked. */
public enum AuditOutcome {

	SUCCESS, FAILURE
}
