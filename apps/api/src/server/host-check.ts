import type { IncomingMessage } from 'node:http';
import type { Config } from '../config/config.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request may be served, judged by the name it was sent to. A development instance answers only requests
 * addressed to this machine by a loopback name and the port they arrived on: a web page elsewhere that points its
 * own name at 127.0.0.1 (DNS rebinding) sends its own name in `Host`, and is refused before anything runs, on
 * HTTP and on the WebSocket upgrade alike. Other instances are reached by whatever name their proxy gives them.
 */
export function hostAllowed(config: Config, req: IncomingMessage): boolean {
  if (!config.developmentInstance) return true;
  const host = req.headers.host?.toLowerCase();
  if (!host) return false;
  const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m || !LOOPBACK_NAMES.has(m[1]!)) return false;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  return port === req.socket.localPort;
}

export const HOST_REFUSED =
  'This development instance answers only at localhost, 127.0.0.1 or [::1] with its port.';
