/**
 * The real servers messages are sent to in tests, on loopback ports of this process:
 *
 * - a mail server (smtp-server), each message parsed as a mail client would (mailparser), which can refuse the next
 *   deliveries for now (4xx) or a recipient for good (5xx);
 * - an HTTP endpoint that answers GOV.UK Notify's API as notifications-node-client calls it: it checks the client's
 *   token against the API key it hands out (403 otherwise, as Notify does), refuses what Notify refuses (a malformed
 *   email address, a number that is not a UK mobile, a letter without a postcode), records what was sent, and lets a
 *   test move a notification to another status or make the next calls fail (500, 429).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** Waits until `list` holds at least `n` items; refuses after `timeoutMs` saying what it has. */
async function waitForCount<T>(list: T[], n: number, timeoutMs: number, what: string): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < n) {
    if (Date.now() > deadline)
      throw new Error(`expected ${n} ${what}, have ${list.length} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return list.slice();
}

export interface ReceivedEmail {
  /** The Message-ID header, with its angle brackets. */
  messageId: string;
  /** The From header as written (`Name <address>`). */
  from: string;
  /** The envelope's recipients: where the server was asked to deliver it. */
  to: string[];
  subject: string;
  /** The plain-text body. */
  text: string;
  date: Date | undefined;
}

export interface SmtpTestServer {
  /** smtp://127.0.0.1:<port>, with the user and password when the server asks for them. */
  url: string;
  messages: ReceivedEmail[];
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /** The next `count` messages are refused for now (451): a sender should try again later. */
  refuseNext(count: number): void;
  /** Every message to this address is refused for good (550: no such mailbox). */
  refuseRecipient(address: string): void;
  close(): Promise<void>;
}

/**
 * A mail server on a loopback port. With `auth`, it asks for that user and password (over plain SMTP: it is on this
 * machine) and refuses any other (535).
 */
export async function startSmtpServer(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<SmtpTestServer> {
  const messages: ReceivedEmail[] = [];
  const refused = new Set<string>();
  let refuseCount = 0;
  const reply = (code: number, text: string) =>
    Object.assign(new Error(text), { responseCode: code }) as SMTPServerError;

  const server = new SMTPServer({
    // A test peer on this machine: no TLS to offer, and sign-in over plain text is acceptable here.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(reply(535, 'Authentication credentials invalid'));
      }
    },
    onMailFrom(_address, _session, callback) {
      if (refuseCount > 0) {
        refuseCount -= 1;
        callback(reply(451, 'Try again later'));
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) callback(reply(550, 'No such mailbox here'));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push({
            messageId: mail.messageId ?? '',
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            date: mail.date,
          });
          callback();
        },
        (err: unknown) => callback(err as Error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    waitFor: (n, timeoutMs = 20_000) => waitForCount(messages, n, timeoutMs, 'emails'),
    refuseNext(count) {
      refuseCount = count;
    },
    refuseRecipient(address) {
      refused.add(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A notification as the Notify endpoint recorded it. */
export interface NotifySent {
  id: string;
  type: 'email' | 'sms' | 'letter';
  reference: string | null;
  /** The email address or phone number (not for letters). */
  to?: string;
  /** A letter's address lines as given, the postcode last. */
  address?: string[];
  personalisation: Record<string, string>;
  templateId: string;
  status: string;
  createdAt: Date;
  completedAt: Date | null;
}

export interface NotifyTestEndpoint {
  /** http://127.0.0.1:<port>: the client's base URL. */
  baseUrl: string;
  /** A key of Notify's shape (name, service id, secret) that this endpoint accepts. */
  apiKey: string;
  templateIds: { email: string; sms: string; letter: string };
  sent: NotifySent[];
  waitFor(n: number, timeoutMs?: number): Promise<NotifySent[]>;
  /** Moves a notification on, as Notify's provider callbacks would (delivered, permanent-failure, received...). */
  setStatus(id: string, status: string): void;
  /** The next `count` calls (any endpoint, after the key is checked) answer with this status, as Notify does. */
  failNext(count: number, status: 500 | 429): void;
  close(): Promise<void>;
}

type NotifyType = NotifySent['type'];
/** What each template asks for: a send without it is refused as Notify refuses a missing placeholder. */
const PLACEHOLDERS: Record<NotifyType, string[]> = {
  email: ['subject', 'body'],
  sms: ['body'],
  letter: ['subject', 'body'],
};
const FINAL = new Set([
  'delivered',
  'sent',
  'received',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'validation-failed',
  'cancelled',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

class NotifyError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** A text message's number as Notify accepts it: a UK mobile, spaces and punctuation aside. */
function ukMobile(phone: string): boolean {
  const digits = phone.replace(/[\s().-]/g, '');
  return /^(?:\+44|0044|0)7\d{9}$/.test(digits);
}

function addressLines(personalisation: Record<string, string>): string[] {
  if (!personalisation.address_line_1) {
    throw new NotifyError(400, 'ValidationError', 'personalisation address_line_1 is a required property');
  }
  const lines = [1, 2, 3, 4, 5, 6, 7]
    .map((i) => personalisation[`address_line_${i}`]?.trim())
    .filter((l): l is string => !!l);
  if (lines.length < 3) throw new NotifyError(400, 'ValidationError', 'Address must be at least 3 lines');
  if (!UK_POSTCODE.test(lines[lines.length - 1] ?? '')) {
    throw new NotifyError(400, 'ValidationError', 'Must be a real UK postcode');
  }
  return lines;
}

/** GOV.UK Notify's API, as much of it as Kinroom uses, on a loopback port. */
export async function startNotifyEndpoint(): Promise<NotifyTestEndpoint> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const apiKey = `kinroom_test-${serviceId}-${secret}`;
  const templateIds = { email: randomUUID(), sms: randomUUID(), letter: randomUUID() };
  const templateType = new Map<string, NotifyType>(
    Object.entries(templateIds).map(([type, id]) => [id, type as NotifyType]),
  );
  const sent: NotifySent[] = [];
  let failures: { count: number; status: 500 | 429 } = { count: 0, status: 500 };

  async function authorise(req: IncomingMessage): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token)
      throw new NotifyError(401, 'AuthError', 'Unauthorized: authentication token must be provided');
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        issuer: serviceId,
      });
      // Notify accepts a token issued within 30 seconds of its own clock.
      if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 30) {
        throw new NotifyError(
          403,
          'AuthError',
          'Error: Your system clock must be accurate to within 30 seconds',
        );
      }
    } catch (e) {
      if (e instanceof NotifyError) throw e;
      throw new NotifyError(403, 'AuthError', 'Invalid token: API key not found');
    }
  }

  function view(n: NotifySent) {
    const address = Object.fromEntries((n.address ?? []).map((l, i) => [`line_${i + 1}`, l]));
    return {
      id: n.id,
      reference: n.reference,
      type: n.type,
      status: n.status,
      email_address: n.type === 'email' ? n.to : null,
      phone_number: n.type === 'sms' ? n.to : null,
      ...address,
      postcode: n.type === 'letter' ? (n.address?.at(-1) ?? null) : null,
      template: { id: n.templateId, version: 1, uri: `${baseUrl}/v2/template/${n.templateId}` },
      body: n.personalisation.body ?? '',
      subject: n.type === 'sms' ? null : (n.personalisation.subject ?? null),
      created_at: n.createdAt.toISOString(),
      sent_at: n.createdAt.toISOString(),
      completed_at: n.completedAt?.toISOString() ?? null,
      created_by_name: null,
      is_cost_data_ready: false,
    };
  }

  function send(type: NotifyType, body: Record<string, unknown>) {
    const templateId = typeof body.template_id === 'string' ? body.template_id : '';
    if (!templateId) throw new NotifyError(400, 'ValidationError', 'template_id is a required property');
    if (!UUID.test(templateId))
      throw new NotifyError(400, 'ValidationError', 'template_id is not a valid UUID');
    const kind = templateType.get(templateId);
    if (!kind) throw new NotifyError(400, 'BadRequestError', 'Template not found');
    if (kind !== type) {
      throw new NotifyError(
        400,
        'BadRequestError',
        `${type} template is not suitable for ${kind} notification`,
      );
    }
    const personalisation = (body.personalisation ?? {}) as Record<string, string>;
    const missing = PLACEHOLDERS[type].filter((p) => typeof personalisation[p] !== 'string');
    if (missing.length)
      throw new NotifyError(400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
    const n: NotifySent = {
      id: randomUUID(),
      type,
      reference: typeof body.reference === 'string' ? body.reference : null,
      personalisation,
      templateId,
      status: type === 'letter' ? 'accepted' : 'sending',
      createdAt: new Date(),
      completedAt: null,
    };
    if (type === 'email') {
      const to = typeof body.email_address === 'string' ? body.email_address : '';
      if (!to) throw new NotifyError(400, 'ValidationError', 'email_address is a required property');
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) {
        throw new NotifyError(400, 'ValidationError', 'email_address Not a valid email address');
      }
      n.to = to;
    } else if (type === 'sms') {
      const to = typeof body.phone_number === 'string' ? body.phone_number : '';
      if (!to) throw new NotifyError(400, 'ValidationError', 'phone_number is a required property');
      if (!ukMobile(to)) throw new NotifyError(400, 'ValidationError', 'phone_number Not a UK mobile number');
      n.to = to;
    } else {
      n.address = addressLines(personalisation);
    }
    sent.push(n);
    const template = { id: templateId, version: 1, uri: `${baseUrl}/v2/template/${templateId}` };
    const content =
      type === 'email'
        ? {
            subject: personalisation.subject,
            body: personalisation.body,
            from_email: 'kinroom@notifications.service.gov.uk',
          }
        : type === 'sms'
          ? { body: personalisation.body, from_number: 'Kinroom' }
          : { subject: personalisation.subject, body: personalisation.body };
    return {
      id: n.id,
      reference: n.reference,
      content,
      uri: `${baseUrl}/v2/notifications/${n.id}`,
      template,
      ...(type === 'letter' ? { scheduled_for: null } : {}),
    };
  }

  function list(url: URL) {
    const reference = url.searchParams.get('reference');
    const type = url.searchParams.get('template_type');
    const status = url.searchParams.get('status');
    const found = sent
      .filter((n) => (reference === null || n.reference === reference) && (type === null || n.type === type))
      .filter((n) => status === null || n.status === status)
      .reverse();
    return { notifications: found.map(view), links: { current: url.toString() } };
  }

  async function handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    await authorise(req);
    if (failures.count > 0) {
      failures.count -= 1;
      throw failures.status === 429
        ? new NotifyError(
            429,
            'RateLimitError',
            'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
          )
        : new NotifyError(500, 'Exception', 'Internal server error');
    }
    const url = new URL(req.url ?? '/', baseUrl);
    const sendPath = /^\/v2\/notifications\/(email|sms|letter)$/.exec(url.pathname);
    if (req.method === 'POST' && sendPath) {
      let body: Record<string, unknown>;
      try {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new NotifyError(400, 'BadRequestError', 'Invalid JSON supplied in POST data');
      }
      return { status: 201, body: send(sendPath[1] as NotifyType, body) };
    }
    if (req.method === 'GET' && url.pathname === '/v2/notifications') return { status: 200, body: list(url) };
    const one = /^\/v2\/notifications\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const id = decodeURIComponent(one[1] ?? '');
      if (!UUID.test(id))
        throw new NotifyError(400, 'ValidationError', 'notification_id is not a valid UUID');
      const n = sent.find((s) => s.id === id);
      if (!n) throw new NotifyError(404, 'NoResultFound', 'No result found');
      return { status: 200, body: view(n) };
    }
    throw new NotifyError(404, 'NotFound', 'Not found');
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      ({ status, body }) => answer(res, status, body),
      (e: unknown) => {
        const err = e instanceof NotifyError ? e : new NotifyError(500, 'Exception', 'Internal server error');
        answer(res, err.status, {
          status_code: err.status,
          errors: [{ error: err.error, message: err.message }],
        });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiKey,
    templateIds,
    sent,
    waitFor: (n, timeoutMs = 20_000) => waitForCount(sent, n, timeoutMs, 'notifications'),
    setStatus(id, status) {
      const n = sent.find((s) => s.id === id);
      if (!n) throw new Error(`no notification ${id}`);
      n.status = status;
      n.completedAt = FINAL.has(status) ? new Date() : null;
    },
    failNext(count, status) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
