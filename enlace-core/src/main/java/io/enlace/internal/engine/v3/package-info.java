/**
 * Engine.IO protocol revision 3 (the transport of Socket.IO v2 clients, {@code EIO=3}), as engine.io 6 speaks it with
 * {@code allowEIO3}: the polling payloads ({@link io.enlace.internal.engine.v3.V3Payloads}: {@code <length>:<packet>}
 * text with lengths in UTF-16 code units, binary payloads for XHR2 clients, {@code b4<base64>} packets for the others),
 * JSONP polling ({@link io.enlace.internal.engine.v3.Jsonp}) and WebSocket frames
 * ({@link io.enlace.internal.engine.v3.V3Frames}).
 *
 * <p>Pure functions, no state: every method is thread-safe. Decoders borrow the {@code ByteBuf} they are given (never
 * retain or release it) and copy binary data into {@code byte[]}; encoders return a new buffer that the caller owns
 * (released by the encoder itself if it fails). Every input a decoder refuses is a
 * {@link io.enlace.internal.engine.v3.V3DecodeException} whose {@link io.enlace.internal.engine.v3.V3DecodeException.Reason}
 * names the rule it broke; lengths are checked against the input before anything is allocated for them.
 *
 * <p>Issue 12, phase A: nothing uses this package yet. The engine redesign (issue 11) wires it in behind its
 * {@code PayloadCodec}/{@code FrameCodec} interfaces; see {@code interop/v2/README.md}.
 */
package io.enlace.internal.engine.v3;
