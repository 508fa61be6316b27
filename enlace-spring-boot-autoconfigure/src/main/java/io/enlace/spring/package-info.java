/** Enlace for Spring applications: what handlers see at run time ({@link io.enlace.spring.InvalidPayloadException}). */
package io.enlace.spring;
