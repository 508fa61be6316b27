package io.enlace.spring.sample;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The Enlace demo contract as a Spring Boot application: {@link RandomNumbersController} (namespace {@code /}) and
 * {@link ChatController} ({@code /chat}). Socket.IO on {@code enlace.port} (3000), the web server with Actuator on
 * {@code server.port} (8080):
 *
 * <pre>{@code
 * java -jar enlace-spring-boot-sample.jar --server.port=8080 --enlace.port=3000
 * }</pre>
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * JSON as JavaScript sends it: a number or a boolean is not a string ({@code {"text": 7}} is refused instead of
     * becoming "7"). Enlace binds payloads with (a copy of) this application mapper; application.properties also
     * turns off Jackson's string-to-number coercion.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictStrings() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
