package io.securecart.provisioner;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Makes the declared S3 buckets exist with their lifecycle expiration, default encryption and all public access
 * blocked; running it twice changes nothing. The same code on moto, LocalStack and AWS (where bucket names are
 * global: the CDK app names its bucket itself).
 */
public class BucketProvisioner {

	private static final Logger log = LoggerFactory.getLogger(BucketProvisioner.class);

	/** The id of the lifecycle rule that expires every object of a bucket. */
	public static final String EXPIRATION_RULE = "expire-payloads";

	private final S3Client s3;

	public BucketProvisioner(S3Client s3) {
		this.s3 = s3;
	}

	public void provision(List<Topology.BucketSpec> buckets) {
		buckets.forEach(this::provision);
	}

	private void provision(Topology.BucketSpec bucket) {
		if (exists(bucket.name())) {
			log.info("bucket   {} up to date", bucket.name());
		}
		else {
			s3.createBucket(request -> request.bucket(bucket.name()));
			log.info("bucket   {} created", bucket.name());
		}
		s3.putPublicAccessBlock(request -> request.bucket(bucket.name())
			.publicAccessBlockConfiguration(block -> block.blockPublicAcls(true)
				.ignorePublicAcls(true)
				.blockPublicPolicy(true)
				.restrictPublicBuckets(true)));
		s3.putBucketEncryption(request -> request.bucket(bucket.name())
			.serverSideEncryptionConfiguration(encryption -> encryption.rules(rule -> rule
				.applyServerSideEncryptionByDefault(by -> by.sseAlgorithm(ServerSideEncryption.fromValue(
						bucket.encryption()))))));
		s3.putBucketLifecycleConfiguration(request -> request.bucket(bucket.name())
			.lifecycleConfiguration(BucketLifecycleConfiguration.builder()
				.rules(LifecycleRule.builder()
					.id(EXPIRATION_RULE)
					.filter(LifecycleRuleFilter.builder().prefix("").build())
					.status(ExpirationStatus.ENABLED)
					.expiration(LifecycleExpiration.builder().days(bucket.expirationDays()).build())
					.build())
				.build()));
		log.info("bucket   {}: objects expire after {} days, encrypted with {}", bucket.name(),
				bucket.expirationDays(), bucket.encryption());
	}

	private boolean exists(String name) {
		try {
			s3.headBucket(request -> request.bucket(name));
			return true;
		}
		catch (NoSuchBucketException ex) {
			return false;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw ex;
		}
	}
}
