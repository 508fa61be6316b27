/**
 * The official socket.io-client browser bundle, served by the server itself under the Socket.IO path
 * ({@code ServerOptions.serveClient}): {@link io.enlace.internal.client.ClientBundle} loads the files (fetched from npm
 * by the build, never committed) from the class path; {@link io.enlace.internal.client.ClientFilesHandler} answers
 * requests for them with caching and content coding.
 *
 * <p>Threading: the handler runs on the event loop of the request's connection (it is an {@code HttpHandler}) and does
 * no I/O there: every file is read when the bundle is loaded, when the handler is created. A bundle is immutable after
 * loading, except the {@code deflate} form of a file, which is compressed on the event loop at its first request and
 * kept (a volatile field; two loops asking at once may both compute it, which is harmless: the results are equal).
 *
 * <p>Buffers: responses wrap the bundle's immutable arrays ({@code Unpooled.wrappedBuffer}, no copy); a response
 * belongs to the server once returned, which releases it by writing it. The request is borrowed and never retained.
 */
package io.enlace.internal.client;
