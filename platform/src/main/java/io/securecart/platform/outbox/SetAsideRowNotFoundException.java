package io.securecart.platform.outbox;

import java.util.UUID;

/** No outbox row of that id is set aside: it was republished or discarded already, or never set aside. */
public class SetAsideRowNotFoundException extends RuntimeException {

	SetAsideRowNotFoundException(UUID id) {
		super("No set-aside outbox row " + id + ": it was republished or discarded, or was never set aside");
	}
}
