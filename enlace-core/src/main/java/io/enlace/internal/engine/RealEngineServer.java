package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;

/** Placeholder: the Engine.IO implementation goes here. */
public final class RealEngineServer {
    private RealEngineServer() {}

    public static EngineServer create(EngineOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
