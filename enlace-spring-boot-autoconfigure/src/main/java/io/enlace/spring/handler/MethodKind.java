package io.enlace.spring.handler;

import io.enlace.spring.annotation.ConnectMiddleware;
import io.enlace.spring.annotation.OnConnect;
import io.enlace.spring.annotation.OnDisconnect;
import io.enlace.spring.annotation.OnDisconnecting;
import io.enlace.spring.annotation.OnError;
import io.enlace.spring.annotation.OnEvent;

import java.lang.annotation.Annotation;

/** The handler annotations, one kind of method each. */
enum MethodKind {
    MIDDLEWARE(ConnectMiddleware.class),
    CONNECT(OnConnect.class),
    EVENT(OnEvent.class),
    DISCONNECTING(OnDisconnecting.class),
    DISCONNECT(OnDisconnect.class),
    ERROR(OnError.class);

    final Class<? extends Annotation> annotation;

    MethodKind(Class<? extends Annotation> annotation) {
        this.annotation = annotation;
    }

    String label() {
        return "@" + annotation.getSimpleName();
    }

    boolean disconnect() {
        return this == DISCONNECTING || this == DISCONNECT;
    }
}
