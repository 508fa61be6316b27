package io.enlace.spring.handler;

import io.enlace.Ack;
import io.enlace.DisconnectReason;
import io.enlace.Socket;
import io.enlace.spring.annotation.ConnectMiddleware;
import io.enlace.spring.annotation.Header;
import io.enlace.spring.annotation.OnConnect;
import io.enlace.spring.annotation.OnDisconnect;
import io.enlace.spring.annotation.OnError;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler method that cannot work stops the start-up, with a message naming the method and what to do instead. */
class BadHandlerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class, ValidationAutoConfiguration.class))
            .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1");

    @SocketIoController static class PayloadInConnect {
        @OnConnect void hello(Socket socket, String name) { }
    }

    @SocketIoController static class AckInConnect {
        @OnConnect void hello(Socket socket, Ack ack) { }
    }

    @SocketIoController static class ReturnAndAck {
        @OnEvent("sum") int sum(int a, Ack ack) { return a; }
    }

    @SocketIoController static class ReservedEvent {
        @OnEvent("disconnect") void bye(Socket socket) { }
    }

    @SocketIoController static class ConnectionEvent {
        @OnEvent("connection") void hello(Socket socket) { }
    }

    @SocketIoController("/dup") static class DuplicateA {
        @OnEvent("join") void join(String room) { }
    }

    @SocketIoController("/dup") static class DuplicateB {
        @OnEvent("join") void alsoJoin(String room) { }
    }

    @SocketIoController static class ErrorWithoutException {
        @OnError void oops(Socket socket) { }
    }

    @SocketIoController static class ErrorTypeMismatch {
        @OnError(IllegalStateException.class) void oops(IllegalArgumentException e) { }
    }

    @SocketIoController static class TwoErrorHandlersForOneType {
        @OnError void one(IllegalStateException e) { }
        @OnError void two(IllegalStateException e, Socket socket) { }
    }

    @SocketIoController static class MiddlewareReturnsValue {
        @ConnectMiddleware String check(Socket socket) { return "ok"; }
    }

    @SocketIoController static class MiddlewareNextAndFuture {
        @ConnectMiddleware CompletableFuture<Void> check(Socket socket, Socket.Next next) { return null; }
    }

    @SocketIoController static class NextInEvent {
        @OnEvent("x") void x(Socket.Next next) { }
    }

    @SocketIoController static class ConnectReturnsValue {
        @OnConnect String hello(Socket socket) { return "hi"; }
    }

    @SocketIoController static class TwoAnnotations {
        @OnConnect @OnEvent("x") void both(Socket socket) { }
    }

    @SocketIoController static class HeaderNotString {
        @OnConnect void hello(@Header("x-n") int n) { }
    }

    @SocketIoController static class ReasonInEvent {
        @OnEvent("x") void x(DisconnectReason reason) { }
    }

    @SocketIoController static class DisconnectWithPayload {
        @OnDisconnect void bye(Socket socket, Map<String, Object> payload) { }
    }

    @SocketIoController({}) static class NoNamespace {
        @OnConnect void hello(Socket socket) { }
    }

    /** Not a controller: its handler would never run. */
    @Component static class NotAController {
        @OnEvent("lost") void lost(String s) { }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(PayloadInConnect.class, "PayloadInConnect.hello(Socket, String)",
                        "parameter 2 (String name) cannot be bound: @OnConnect methods take Socket, Handshake"),
                Arguments.of(AckInConnect.class, "AckInConnect.hello(Socket, Ack)",
                        "an Ack exists only in @OnEvent and @OnError methods"),
                Arguments.of(ReturnAndAck.class, "@OnEvent(\"sum\") method", "both returns a value and takes an Ack"),
                Arguments.of(ReservedEvent.class, "ReservedEvent.bye(Socket)",
                        "\"disconnect\" is a reserved event name: use @OnDisconnect"),
                Arguments.of(ConnectionEvent.class, "ConnectionEvent.hello(Socket)", "use @OnConnect"),
                Arguments.of(ErrorWithoutException.class, "ErrorWithoutException.oops(Socket)",
                        "it has no exception parameter"),
                Arguments.of(ErrorTypeMismatch.class, "ErrorTypeMismatch.oops(IllegalArgumentException)",
                        "@OnError(IllegalStateException.class) but the exception parameter is a IllegalArgumentException"),
                Arguments.of(TwoErrorHandlersForOneType.class, "TwoErrorHandlersForOneType.two(IllegalStateException, Socket)",
                        "already handles IllegalStateException"),
                Arguments.of(MiddlewareReturnsValue.class, "MiddlewareReturnsValue.check(Socket)",
                        "it returns String: a middleware returns void"),
                Arguments.of(MiddlewareNextAndFuture.class, "MiddlewareNextAndFuture.check(Socket, Next)",
                        "takes a Socket.Next and returns a value"),
                Arguments.of(NextInEvent.class, "NextInEvent.x(Next)", "Socket.Next exists only in @ConnectMiddleware"),
                Arguments.of(ConnectReturnsValue.class, "ConnectReturnsValue.hello(Socket)",
                        "it returns String, which nothing would read: @OnConnect methods return void"),
                Arguments.of(TwoAnnotations.class, "TwoAnnotations.both(Socket)", "has both @OnConnect and @OnEvent"),
                Arguments.of(HeaderNotString.class, "HeaderNotString.hello(int)", "@Header binds a String"),
                Arguments.of(ReasonInEvent.class, "ReasonInEvent.x(DisconnectReason)",
                        "a DisconnectReason exists only in @OnDisconnect and @OnDisconnecting methods"),
                Arguments.of(DisconnectWithPayload.class, "DisconnectWithPayload.bye(Socket, Map)",
                        "parameter 2 (Map payload) cannot be bound: @OnDisconnect methods take"),
                Arguments.of(NoNamespace.class, "NoNamespace", "names no namespace"),
                Arguments.of(NotAController.class, "NotAController.lost(String)",
                        "which is not a @SocketIoController, so it would never run: annotate NotAController with "
                                + "@SocketIoController"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedAtStartUp(Class<?> controller, String method, String reason) {
        runner.withUserConfiguration(controller).run(context -> {
            assertThat(context).hasFailed();
            String message = messages(context.getStartupFailure());
            assertThat(message).contains("Enlace").contains(method).contains(reason);
        });
    }

    @Test
    void twoMethodsForOneEventOfANamespace() {
        runner.withUserConfiguration(DuplicateA.class, DuplicateB.class).run(context -> assertThat(
                messages(context.getStartupFailure())).contains("namespace /dup already handles \"join\"")
                .contains("DuplicateA.join(String)").contains("DuplicateB.alsoJoin(String)"));
    }

    @SocketIoController static class Constrained {
        @OnEvent("x") void x(@Min(1) int n) { }
        @OnEvent("y") void y(@Valid Map<String, Object> m) { }
    }

    @Test
    void constraintsWithoutAValidatorAreNotIgnored() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class))
                .withPropertyValues("enlace.port=0").withUserConfiguration(Constrained.class)
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("Constrained.x(int)")
                        .contains("has Bean Validation constraints (@Valid, @NotNull, ...) but the application has no "
                                + "jakarta.validation.Validator: add spring-boot-starter-validation"));
        runner.withUserConfiguration(Constrained.class).run(context -> assertThat(context).hasNotFailed());
    }

    @SocketIoController static class Proxied {
        @org.springframework.scheduling.annotation.Async public void background() { }
        @OnEvent("x") private void x(String s) { }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.scheduling.annotation.EnableAsync
    @org.springframework.context.annotation.Import(Proxied.class)
    static class AsyncApp {
    }

    @Test
    void aPrivateMethodOfAProxiedControllerIsRefused() {
        runner.withUserConfiguration(AsyncApp.class).run(context -> assertThat(messages(context.getStartupFailure()))
                .contains("Proxied.x(String)")
                .contains("the bean is a proxy (@Transactional, @Async, AOP...) and the method is private"));
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }
}
