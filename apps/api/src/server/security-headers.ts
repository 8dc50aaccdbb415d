import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/config.js';

/**
 * The browser-side protections sent with every answer, pages and API alike (helmet). The dashboard and its API
 * explorer run entirely from this server, so the content security policy allows nothing from anywhere else:
 * scripts only from this origin (no inline script, no eval), connections (HTTP and WebSocket) only back to it, no
 * plug-ins, and no page of another site may frame Kinroom (clickjacking). Styles may be inline because the
 * explorer's editors position themselves with style attributes; images and fonts may be data: URLs because the
 * explorer's fonts and icons are inlined in its CSS.
 *
 * Referrer-Policy `no-referrer`: a child's id in an address never leaves in a Referer header. Strict transport
 * security only in production, which is served over HTTPS; a development instance is plain HTTP on localhost.
 */
export function securityHeaders(config: Config): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        // The council's identity provider too: the dashboard fetches its discovery document and exchanges the
        // sign-in's code there (docs/sign-in.md).
        connectSrc: ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.env === 'production' ? { maxAge: 31_536_000 } : false,
  });
}
