package io.securecart.cdk.observability;

import software.amazon.awscdk.services.cloudtrail.ReadWriteType;
import software.amazon.awscdk.services.cloudtrail.Trail;
import software.constructs.Construct;

/**
 * CloudTrail for the account's management events in every region (who changed a queue policy, a role, a key).
 * Skipped with {@code -c cloudTrail=false} where the account already has such a trail (then a prerequisite).
 */
public class AuditTrail extends Construct {

	public AuditTrail(Construct scope, String id) {
		super(scope, id);
		Trail.Builder.create(this, "Trail")
			.trailName("securecart-management-events")
			.isMultiRegionTrail(true)
			.includeGlobalServiceEvents(true)
			.managementEvents(ReadWriteType.ALL)
			.enableFileValidation(true)
			.build();
	}
}
