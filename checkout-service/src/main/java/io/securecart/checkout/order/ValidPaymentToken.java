package io.securecart.checkout.order;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A well-formed {@link PaymentToken}. A card number gets its own message, telling the client to tokenise it first.
 * Neither message contains the rejected value.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidPaymentToken.Validator.class)
public @interface ValidPaymentToken {

	String CARD_DATA_MESSAGE = "send a payment token, never card data";

	String message() default "must be a payment token: tok_ followed by 1 to 64 letters, digits or underscores";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidPaymentToken, PaymentToken> {

		@Override
		public boolean isValid(PaymentToken token, ConstraintValidatorContext context) {
			if (token == null) {
				return true; // @NotNull's job
			}
			if (token.looksLikeCardNumber()) {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(CARD_DATA_MESSAGE).addConstraintViolation();
				return false;
			}
			return token.isWellFormed();
		}
	}
}
