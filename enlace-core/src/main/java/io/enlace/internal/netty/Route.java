package io.enlace.internal.netty;

import io.enlace.netty.HttpHandler;

/** A path-prefix route of a server ({@code NettyServer.Builder.route}). */
public record Route(String pathPrefix, HttpHandler handler) {}
