package io.securecart.checkout.order;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An order's items name each SKU once. A line's quantity is capped (100, as a cart's line is); the same SKU on
 * several lines would order past that cap.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OneLinePerSku.Validator.class)
public @interface OneLinePerSku {

	String message() default "must list each SKU once, with its whole quantity";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<OneLinePerSku, List<PlaceOrderRequest.Item>> {

		@Override
		public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
			if (items == null) {
				return true; // @NotNull's job
			}
			Set<String> skus = new HashSet<>();
			return items.stream().filter(Objects::nonNull).map(PlaceOrderRequest.Item::sku).filter(Objects::nonNull)
				.allMatch(skus::add);
		}
	}
}
