package io.securecart.auth;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the authorizations no token of theirs can be used with any more: every code and token expired (a refresh
 * token too, where there is one), or, for one that never got a token (a sign-in abandoned at the login form or the
 * consent), older than {@code securecart.auth.abandoned-after}. In batches, every
 * {@code securecart.auth.purge-interval}; instances that purge at once skip each other's rows.
 */
@Component
class ExpiredAuthorizations {

	private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizations.class);

	static final int BATCH = 1000;

	private final JdbcClient jdbc;

	private final Duration abandonedAfter;

	ExpiredAuthorizations(JdbcClient jdbc, @Value("${securecart.auth.abandoned-after:1h}") Duration abandonedAfter) {
		this.jdbc = jdbc;
		this.abandonedAfter = abandonedAfter;
	}

	/** @return how many authorizations were deleted */
	@Scheduled(fixedDelayString = "${securecart.auth.purge-interval:10m}",
			initialDelayString = "${securecart.auth.purge-interval:10m}")
	int purge() {
		int total = 0;
		int deleted;
		do {
			// greatest() skips nulls: the latest expiry of whatever the authorization holds, null when it holds none.
			deleted = jdbc.sql("""
					delete from oauth2_authorization where id in (
					    select id from oauth2_authorization
					    where coalesce(greatest(authorization_code_expires_at, access_token_expires_at,
					                            refresh_token_expires_at, oidc_id_token_expires_at,
					                            user_code_expires_at, device_code_expires_at),
					                   created_at + make_interval(secs => :abandonedSeconds)) < now()
					    limit :batch
					    for update skip locked)
					""")
				.param("abandonedSeconds", abandonedAfter.toSeconds())
				.param("batch", BATCH)
				.update();
			total += deleted;
		}
		while (deleted == BATCH);
		if (total > 0) {
			log.info("Deleted {} expired authorization(s)", total);
		}
		return total;
	}
}
