package io.enlace.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.EngineOptions;
import io.enlace.spring.handler.SocketIoControllerRegistrar;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.util.concurrent.ExecutorService;

/**
 * Auto-configuration of Enlace: a {@link SocketIoServer} bean built from the {@code enlace.*} properties
 * ({@link EnlaceProperties}) and the customizer beans, started on its own port with the application context and closed
 * gracefully with it ({@link EnlaceServerLifecycle}), and the {@code @SocketIoController} beans registered on it.
 * With {@code enlace.redis.uri} (and {@code io.enlace:enlace-redis} on the class path) the server joins a Redis cluster.
 *
 * <p>Backs off when the application defines its own {@code SocketIoServer} bean (its controllers are still
 * registered on it and it is still started) or sets {@code enlace.enabled=false}.
 */
@AutoConfiguration(afterName = {
        // Spring Boot 3 names, then Spring Boot 4's (named, not referenced: the class compiles against both)
        "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        "org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration"})
@ConditionalOnClass(SocketIoServer.class)
@ConditionalOnProperty(prefix = "enlace", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EnlaceProperties.class)
public class EnlaceAutoConfiguration implements BeanClassLoaderAware {

    private static final String REDIS_FACTORY = "io.enlace.redis.RedisAdapterFactory";

    private ClassLoader classLoader = EnlaceAutoConfiguration.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * The server: engine options from the properties then the {@link EnlaceEngineOptionsCustomizer}s, server options
     * from the properties then the {@link EnlaceServerOptionsCustomizer}s.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public SocketIoServer socketIoServer(EnlaceProperties properties, ObjectProvider<ObjectMapper> objectMapper,
                                         ObjectProvider<EnlaceEngineOptionsCustomizer> engineCustomizers,
                                         ObjectProvider<EnlaceServerOptionsCustomizer> serverCustomizers,
                                         ObjectProvider<HandlerExecutor> handlerExecutor) {
        if (properties.getRedis().getUri() != null && !ClassUtils.isPresent(REDIS_FACTORY, classLoader)) {
            throw new IllegalStateException("enlace.redis.uri is set but io.enlace:enlace-redis is not on the class "
                    + "path: add the dependency, or remove the property");
        }
        EngineOptions.Builder engine = EnlaceOptionsFactory.engine(properties);
        engineCustomizers.orderedStream().forEach(c -> c.customize(engine));
        ObjectMapper mapper = properties.isApplicationObjectMapper() ? objectMapper.getIfUnique() : null;
        HandlerExecutor executor = handlerExecutor.getIfAvailable();
        ServerOptions.Builder options = EnlaceOptionsFactory.server(properties, engine.build(), mapper,
                executor == null ? null : executor.service, classLoader);
        serverCustomizers.orderedStream().forEach(c -> c.customize(options));
        return SocketIoServer.create(options.build());
    }

    /** Starts and stops the server with the context. */
    @Bean
    @ConditionalOnMissingBean
    public EnlaceServerLifecycle enlaceServerLifecycle(SocketIoServer socketIoServer, EnlaceProperties properties,
                                                       ObjectProvider<EnlaceNettyServerCustomizer> customizers,
                                                       Environment environment) {
        return new EnlaceServerLifecycle(socketIoServer, properties, customizers.orderedStream().toList(),
                environment instanceof ConfigurableEnvironment c ? c : null);
    }

    /** Registers the {@code @SocketIoController} beans on the server once every singleton exists. */
    @Bean
    @ConditionalOnMissingBean
    public SocketIoControllerRegistrar socketIoControllerRegistrar(ApplicationContext context,
                                                                  ObjectProvider<SocketIoServer> socketIoServer) {
        return new SocketIoControllerRegistrar(context, socketIoServer::getObject,
                () -> EnlaceValidation.validator(context));
    }

    /** The executor of {@code enlace.executor=virtual-threads}, shut down after the server. */
    @Bean
    public HandlerExecutor enlaceHandlerExecutor(EnlaceProperties properties) {
        return new HandlerExecutor(properties.getExecutor() == EnlaceProperties.Executor.VIRTUAL_THREADS
                ? ServerOptions.virtualThreadExecutor() : null);
    }

    /**
     * Holds the executor of {@code enlace.executor=virtual-threads} (null for the event loop). Not an
     * {@code Executor} bean, which would make Spring Boot back off its own task executor.
     */
    public static final class HandlerExecutor implements DisposableBean {
        final ExecutorService service;

        HandlerExecutor(ExecutorService service) {
            this.service = service;
        }

        @Override
        public void destroy() {
            if (service != null) service.shutdown();
        }
    }

    /** {@code enlace.redis.uri}: the Redis adapter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = REDIS_FACTORY)
    @ConditionalOnProperty(prefix = "enlace.redis", name = "uri")
    static class RedisAdapterConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        io.enlace.redis.RedisAdapterFactory enlaceRedisAdapterFactory(EnlaceProperties properties) {
            return EnlaceRedis.factory(properties.getRedis());
        }

        @Bean
        EnlaceServerOptionsCustomizer enlaceRedisAdapterCustomizer(io.enlace.redis.RedisAdapterFactory factory) {
            return options -> options.adapter(factory);
        }
    }
}
