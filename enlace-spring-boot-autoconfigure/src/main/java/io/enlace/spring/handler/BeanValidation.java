package io.enlace.spring.handler;

import io.enlace.spring.InvalidPayloadException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@link ParameterValidator} on Jakarta Bean Validation: {@code validateParameters} checks the constraints on the
 * parameters themselves ({@code @Min(50) int ms}) and, for {@code @Valid} ones, inside them. Only loaded when
 * {@code jakarta.validation} is on the class path.
 */
final class BeanValidation implements ParameterValidator {

    private final ExecutableValidator validator;

    private BeanValidation(ExecutableValidator validator) {
        this.validator = validator;
    }

    /** @param validator a {@code jakarta.validation.Validator} */
    static ParameterValidator of(Object validator) {
        return new BeanValidation(((Validator) validator).forExecutables());
    }

    @Override
    public void validate(Object target, Method method, Object[] values) {
        Set<ConstraintViolation<Object>> found = validator.validateParameters(target, method, values);
        if (found.isEmpty()) return;
        List<InvalidPayloadException.Violation> violations = new ArrayList<>(found.size());
        for (ConstraintViolation<Object> v : found) {
            violations.add(new InvalidPayloadException.Violation(path(v.getPropertyPath()), v.getMessage()));
        }
        violations.sort(Comparator.comparing(InvalidPayloadException.Violation::path)
                .thenComparing(InvalidPayloadException.Violation::message));
        StringJoiner text = new StringJoiner("; ");
        for (InvalidPayloadException.Violation v : violations) {
            int dot = v.path().indexOf('.');
            // a constraint on the parameter itself: its message alone; inside it: "room: must not be blank"
            text.add(dot < 0 ? v.message() : v.path().substring(dot + 1) + ": " + v.message());
        }
        throw new InvalidPayloadException(text.toString(), violations, null);
    }

    /** {@code "msg.room"}: the parameter name, then the property path inside it (the method node left out). */
    private static String path(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CROSS_PARAMETER) continue;
            // the index or key of an element belongs to the container before it: "items[0].name"
            if (node.isInIterable() && sb.length() > 0) sb.append(indexOf(node));
            String name = node.getKind() == ElementKind.CONTAINER_ELEMENT ? null : node.getName();
            if (name == null || name.isEmpty()) continue;
            if (sb.length() > 0) sb.append('.');
            sb.append(name);
        }
        return sb.toString();
    }

    private static String indexOf(Path.Node node) {
        if (node.getIndex() != null) return "[" + node.getIndex() + "]";
        if (node.getKey() != null) return "[" + node.getKey() + "]";
        return "[]";
    }
}
