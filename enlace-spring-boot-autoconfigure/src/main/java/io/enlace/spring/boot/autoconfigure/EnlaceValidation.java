package io.enlace.spring.boot.autoconfigure;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/** Finds the application's {@code jakarta.validation.Validator} without needing the class at load time. */
final class EnlaceValidation {

    private static final String VALIDATOR = "jakarta.validation.Validator";

    private EnlaceValidation() {}

    /** The unique (or primary, or {@code defaultValidator}) Bean Validation validator, or null. */
    static Object validator(ApplicationContext context) {
        ClassLoader loader = EnlaceValidation.class.getClassLoader();
        if (!ClassUtils.isPresent(VALIDATOR, loader)) return null;
        Class<?> type = ClassUtils.resolveClassName(VALIDATOR, loader);
        Object unique = context.getBeanProvider(type).getIfUnique();
        if (unique != null) return unique;
        try {
            return context.getBean("defaultValidator", type);
        } catch (NoSuchBeanDefinitionException e) {
            return null;
        }
    }
}
