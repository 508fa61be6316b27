package io.enlace.spring.sample;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A chat room name: not blank, at most 64 characters (code points, so emoji count once). Null is invalid. */
@Documented
@Constraint(validatedBy = RoomName.Validator.class)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface RoomName {

    String message() default "invalid room: send a name of 1 to " + ChatController.MAX_ROOM + " characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check. */
    class Validator implements ConstraintValidator<RoomName, String> {
        @Override
        public boolean isValid(String room, ConstraintValidatorContext context) {
            return ChatController.validRoom(room) != null;
        }
    }
}
