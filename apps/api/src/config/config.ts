import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LIMITS } from '../graphql/limits.js';

const DEVELOPMENT_JWT_SECRET = 'kinroom-development-secret-not-for-production-use';

/**
 * Whether `host` is reachable only from this machine. Development conveniences (the public development secret,
 * password-less sign-in as the demo cast) exist only on a development instance bound to such an address.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const LOOPBACK_ONLY = 'can be on only in development on a loopback HOST (127.0.0.1, ::1 or localhost)';

/** A URL other servers are reached at: https, or plain http only to this machine (a test peer). */
function httpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** GOV.UK Notify's API, unless KINROOM_NOTIFY_BASE_URL names another (a test endpoint on this machine). */
export const NOTIFY_PRODUCTION_URL = 'https://api.notifications.service.gov.uk';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A Notify API key is its name, the service id and the secret, joined by hyphens. */
const NOTIFY_API_KEY = new RegExp(`^.+-${UUID}-${UUID}$`, 'i');
const notifyTemplateId = z.guid({ message: 'must be a GOV.UK Notify template id (a UUID)' });
/** An address, alone or after a display name: `kinroom@council.example` or `Kinroom <kinroom@council.example>`. */
const MAIL_FROM = /^(?:[^<>]*<\s*([^\s@<>]+@[^\s@<>]+)\s*>|([^\s@<>]+@[^\s@<>]+))$/;

const INSTALL_ROOT_MARKERS = ['pnpm-workspace.yaml', 'kinroom-release.json'];

/**
 * Where Kinroom is installed, found from this file so that the data folder and the dashboard are the same however
 * and from wherever the API is started: the repository, or a production folder, which keeps the repository's layout
 * for what it ships (scripts/package.sh writes its kinroom-release.json).
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!INSTALL_ROOT_MARKERS.some((marker) => existsSync(resolve(dir, marker)))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    KINROOM_DATABASE_DIRECT_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    KINROOM_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    KINROOM_QUEUE_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
    KINROOM_MIGRATE_ON_START: booleanFlag.optional(),
    KINROOM_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    KINROOM_LOG_FORMAT: z.enum(['json', 'text'], { message: 'must be json or text' }).optional(),
    KINROOM_DATA_DIR: z.string().min(1).optional(),
    KINROOM_DEMO_DATA: booleanFlag.optional(),
    KINROOM_DEV_SIGNIN: booleanFlag.optional(),
    KINROOM_INTROSPECTION: booleanFlag.optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    KINROOM_JWT_VERIFY_SECRETS: z
      .string()
      .refine(
        (v) => v.split(',').every((s) => s.trim().length >= 32),
        'must be secrets of at least 32 characters each, separated by commas',
      )
      .optional(),
    KINROOM_DASHBOARD_DIR: z.string().min(1).optional(),
    KINROOM_LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
    KINROOM_ALLOWED_ORIGINS: z.string().optional(),
    KINROOM_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    KINROOM_SOCKETS_PER_PERSON: z.coerce.number().int().min(1).default(LIMITS.maxSocketsPerPerson),
    KINROOM_SUBSCRIPTIONS_PER_PERSON: z.coerce
      .number()
      .int()
      .min(1)
      .default(LIMITS.maxSubscriptionsPerPerson),
    KINROOM_EVIDENCE_KEY: z.string().min(1).optional(),
    KINROOM_EVIDENCE_VERIFY_KEYS: z.string().optional(),
    KINROOM_OIDC_ISSUER: z.url({ message: 'must be a URL' }).optional(),
    KINROOM_OIDC_CLIENT_ID: z.string().min(1).optional(),
    KINROOM_OIDC_SCOPES: z.string().default('openid email profile'),
    KINROOM_OIDC_BIND_BY_EMAIL: booleanFlag.default(true),
    KINROOM_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL (credentials, if any, in the URL)')
      .refine((u) => URL.canParse(u), 'must be an smtp:// or smtps:// URL (credentials, if any, in the URL)')
      .optional(),
    KINROOM_MAIL_FROM: z
      .string()
      .trim()
      .regex(MAIL_FROM, 'must be an email address, alone or as Name <address>')
      .optional(),
    KINROOM_NOTIFY_API_KEY: z
      .string()
      .trim()
      .regex(
        NOTIFY_API_KEY,
        'must be a GOV.UK Notify API key as Notify shows it (its name, the service id, the secret)',
      )
      .optional(),
    KINROOM_NOTIFY_BASE_URL: z.url({ message: 'must be a URL' }).optional(),
    KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: notifyTemplateId.optional(),
    KINROOM_NOTIFY_SMS_TEMPLATE_ID: notifyTemplateId.optional(),
    KINROOM_NOTIFY_LETTER_TEMPLATE_ID: notifyTemplateId.optional(),
    KINROOM_EMAIL_VIA: z.enum(['smtp', 'notify'], { message: 'must be smtp or notify' }).optional(),
    KINROOM_MESSAGE_ENGINE: booleanFlag.optional(),
    KINROOM_PUBLIC_URL: z.url({ message: 'must be a URL' }).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    } else if (!isLoopbackHost(env.HOST) && !env.JWT_SECRET) {
      // The development secret is public: anyone could sign tokens for a server others can reach.
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `is required when HOST (${env.HOST}) is not a loopback address`,
      });
    }
    if (env.KINROOM_DEV_SIGNIN && (env.NODE_ENV === 'production' || !isLoopbackHost(env.HOST))) {
      ctx.addIssue({ code: 'custom', path: ['KINROOM_DEV_SIGNIN'], message: LOOPBACK_ONLY });
    }
    if (env.KINROOM_DATABASE_DIRECT_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['KINROOM_DATABASE_DIRECT_URL'],
        message: 'is used only with DATABASE_URL (the embedded database needs no pooler)',
      });
    }
    if (!env.KINROOM_OIDC_ISSUER !== !env.KINROOM_OIDC_CLIENT_ID) {
      const missing = env.KINROOM_OIDC_ISSUER ? 'KINROOM_OIDC_CLIENT_ID' : 'KINROOM_OIDC_ISSUER';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required with the other OIDC setting (see docs/sign-in.md)',
      });
    }
    const issuer = env.KINROOM_OIDC_ISSUER ? URL.parse(env.KINROOM_OIDC_ISSUER) : null;
    if (issuer) {
      // Sign-ins are only as good as the keys fetched from the issuer: never over a network in plain text.
      if (!httpsOrLoopback(issuer)) {
        ctx.addIssue({
          code: 'custom',
          path: ['KINROOM_OIDC_ISSUER'],
          message: 'must be an https:// URL (http:// only for a provider on this machine, in tests)',
        });
      }
    }
    checkMessaging(env, ctx);
    checkPublicUrl(env.KINROOM_PUBLIC_URL, ctx);
    if (!env.KINROOM_OIDC_SCOPES.split(/\s+/).includes('openid')) {
      ctx.addIssue({ code: 'custom', path: ['KINROOM_OIDC_SCOPES'], message: 'must include openid' });
    }
    if (env.NODE_ENV === 'production' && !env.KINROOM_EVIDENCE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['KINROOM_EVIDENCE_KEY'],
        message:
          'is required in production: the path of the Ed25519 private key (PEM) that seals final records, kept outside the database (see docs/evidence.md)',
      });
    }
  });

/** The messaging variables, as parsed. */
interface MessagingEnv {
  KINROOM_SMTP_URL?: string | undefined;
  KINROOM_MAIL_FROM?: string | undefined;
  KINROOM_NOTIFY_API_KEY?: string | undefined;
  KINROOM_NOTIFY_BASE_URL?: string | undefined;
  KINROOM_NOTIFY_EMAIL_TEMPLATE_ID?: string | undefined;
  KINROOM_NOTIFY_SMS_TEMPLATE_ID?: string | undefined;
  KINROOM_NOTIFY_LETTER_TEMPLATE_ID?: string | undefined;
  KINROOM_EMAIL_VIA?: 'smtp' | 'notify' | undefined;
}

/**
 * The ways out for messages (docs/notifications.md): each provider's settings together or not at all, and a choice
 * for email when both could send it. Problems name the variable and never repeat its value (a key, a password).
 */
function checkMessaging(env: MessagingEnv, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (env.KINROOM_SMTP_URL && !env.KINROOM_MAIL_FROM) {
    issue('KINROOM_MAIL_FROM', 'is required with KINROOM_SMTP_URL: the address messages are sent from');
  }
  if (env.KINROOM_MAIL_FROM && !env.KINROOM_SMTP_URL) {
    issue(
      'KINROOM_MAIL_FROM',
      "is used only with KINROOM_SMTP_URL (GOV.UK Notify sends from the service's own address)",
    );
  }
  const notifyTemplates = [
    env.KINROOM_NOTIFY_EMAIL_TEMPLATE_ID,
    env.KINROOM_NOTIFY_SMS_TEMPLATE_ID,
    env.KINROOM_NOTIFY_LETTER_TEMPLATE_ID,
  ].filter(Boolean);
  const notifyAny = notifyTemplates.length > 0 || !!env.KINROOM_NOTIFY_BASE_URL;
  if (notifyAny && !env.KINROOM_NOTIFY_API_KEY) {
    issue(
      'KINROOM_NOTIFY_API_KEY',
      'is required with the other GOV.UK Notify settings (see docs/notifications.md)',
    );
  }
  if (env.KINROOM_NOTIFY_API_KEY && notifyTemplates.length === 0) {
    issue(
      'KINROOM_NOTIFY_EMAIL_TEMPLATE_ID',
      'or KINROOM_NOTIFY_SMS_TEMPLATE_ID or KINROOM_NOTIFY_LETTER_TEMPLATE_ID is required with KINROOM_NOTIFY_API_KEY: a template for each channel Notify sends',
    );
  }
  const notifyUrl = env.KINROOM_NOTIFY_BASE_URL ? URL.parse(env.KINROOM_NOTIFY_BASE_URL) : null;
  if (notifyUrl && !httpsOrLoopback(notifyUrl)) {
    issue(
      'KINROOM_NOTIFY_BASE_URL',
      'must be an https:// URL (http:// only for an endpoint on this machine, in tests)',
    );
  }
  const smtpEmail = !!env.KINROOM_SMTP_URL;
  const notifyEmail = !!env.KINROOM_NOTIFY_EMAIL_TEMPLATE_ID;
  if (smtpEmail && notifyEmail && !env.KINROOM_EMAIL_VIA) {
    issue(
      'KINROOM_EMAIL_VIA',
      'is required when both SMTP and GOV.UK Notify could send email: smtp or notify',
    );
  }
  if (env.KINROOM_EMAIL_VIA === 'smtp' && !smtpEmail) {
    issue('KINROOM_EMAIL_VIA', 'is smtp but KINROOM_SMTP_URL is not set');
  }
  if (env.KINROOM_EMAIL_VIA === 'notify' && !notifyEmail) {
    issue('KINROOM_EMAIL_VIA', 'is notify but KINROOM_NOTIFY_EMAIL_TEMPLATE_ID is not set');
  }
}

/**
 * The dashboard's address as staff open it, linked from the messages sent to them: https (http only on this machine),
 * the server's root (the dashboard's pages are at its root), and nothing a link should not carry (a sign-in, a query).
 */
function checkPublicUrl(value: string | undefined, ctx: z.RefinementCtx): void {
  const url = value ? URL.parse(value) : null;
  if (!url) return;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['KINROOM_PUBLIC_URL'], message });
  if (!httpsOrLoopback(url)) {
    issue('must be an https:// URL (http:// only for a dashboard on this machine)');
  } else if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    issue('must be the address the dashboard is opened at, with no path, sign-in, query or fragment');
  }
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Absent: Kinroom starts its own embedded PostgreSQL in `dataDir`. TLS as its `sslmode` says (docs/operations.md). */
  databaseUrl: string | undefined;
  /**
   * A URL straight to PostgreSQL, for what a pooler in transaction mode cannot carry: the event stream's LISTEN,
   * the migration lock, the message queue. Set only when `databaseUrl` goes through PgBouncer (or another pooler in
   * transaction mode); Kinroom then also stops naming prepared statements on `databaseUrl`. Null: `databaseUrl` is
   * direct and used for everything.
   */
  databaseDirectUrl: string | null;
  /** Connections the ORM's pool holds at most (KINROOM_DATABASE_POOL_SIZE, default 10). */
  databasePoolSize: number;
  /** Connections the message queue's pool holds at most (KINROOM_QUEUE_POOL_SIZE, default 4). */
  queuePoolSize: number;
  /**
   * Whether start brings the schema up to date itself (under the migration lock). Default: yes, except in production,
   * where migrating is its own step (`kinroom migrate`) and start refuses a schema that is behind.
   */
  migrateOnStart: boolean;
  /** The bearer token Prometheus sends to read /metrics; null: /metrics is not served. Secret. */
  metricsToken: string | null;
  /** Logs as one JSON object per line (production's default) or as readable text (development's). */
  logFormat: 'json' | 'text';
  dataDir: string;
  /** Load the demo week into an empty database. */
  demoData: boolean;
  /** Offer tokens for the demo cast without a password: only on a loopback-bound development instance. */
  devSignIn: boolean;
  /**
   * Not production, and bound to a loopback address: the development conveniences are on by default, and requests
   * must name this machine in their Host header (a page on another site cannot reach it by DNS rebinding).
   */
  developmentInstance: boolean;
  introspection: boolean;
  jwtSecret: string;
  /**
   * Every secret a token may be signed with: `jwtSecret` first, then KINROOM_JWT_VERIFY_SECRETS, accepted but never
   * signed with, so that a secret can be rotated without signing everyone out (docs/operations.md "Rotate secrets").
   */
  jwtSecrets: readonly string[];
  dashboardDir: string;
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  /** Browser origins allowed to open a WebSocket; empty means only this server's own address. */
  allowedOrigins: string[];
  /**
   * Changes one user (or all anonymous callers together) may make in each minute from their first, counted in the
   * database so that every process shares the count (graphql/rate-limit.ts).
   */
  mutationsPerMinute: number;
  /** WebSockets one person may hold open at once in this process, and operations across all of them. */
  socketsPerPerson: number;
  subscriptionsPerPerson: number;
  /** The Ed25519 private key that signs the evidence chain: outside the database (docs/evidence.md). */
  evidenceKeyFile: string;
  /** Make `evidenceKeyFile` on first start when missing: only for the data folder's key outside production. */
  evidenceKeyCreate: boolean;
  /** Public (or private) keys used for signing before a rotation, kept so that older records still verify. */
  evidenceVerifyKeyFiles: string[];
  /** The council's OpenID Connect provider, through which staff sign in (docs/sign-in.md); null when not set up. */
  oidc: OidcConfig | null;
  /** How messages leave Kinroom (notifications/channels, docs/notifications.md); nothing set: none are sent. */
  messaging: MessagingConfig;
  /**
   * Whether this process plans and sends messages (notifications/engine.ts). On unless NODE_ENV is test, where a
   * test turns it on (KINROOM_MESSAGE_ENGINE).
   */
  messageEngine: boolean;
  /**
   * The dashboard's address as staff open it (`https://kinroom.council.example`, no trailing slash), from
   * KINROOM_PUBLIC_URL: messages to staff link to the page they are about. Null: no links.
   */
  publicUrl: string | null;
}

/**
 * The providers messages are sent through. With neither set, no channel is supported and messages are recorded as
 * not sent (channel_not_configured).
 */
export interface MessagingConfig {
  /** The council's mail server, for email; null when KINROOM_SMTP_URL is not set. */
  smtp: SmtpConfig | null;
  /** GOV.UK Notify, for each channel it has a template for; null when KINROOM_NOTIFY_API_KEY is not set. */
  notify: NotifyConfig | null;
  /** Which provider sends email (KINROOM_EMAIL_VIA when both could); null when neither can. */
  emailVia: 'smtp' | 'notify' | null;
}

export interface SmtpConfig {
  /** smtp:// (STARTTLS, required unless the server is on this machine) or smtps://; credentials in the URL. Secret. */
  url: string;
  /** The From of every email, `address` or `Name <address>`. */
  from: string;
}

export interface NotifyConfig {
  /** Notify's API (NOTIFY_PRODUCTION_URL unless KINROOM_NOTIFY_BASE_URL is set). */
  baseUrl: string;
  /** Secret. */
  apiKey: string;
  /** The template each channel is sent with (personalisation `subject` and `body`); null: not sent through Notify. */
  templateIds: { email: string | null; sms: string | null; letter: string | null };
}

export interface OidcConfig {
  /** The provider's issuer URL, exactly as its ID tokens' `iss` and its discovery document say it. */
  issuer: string;
  /** Kinroom's client id at the provider: the `aud` of the ID tokens Kinroom accepts. */
  clientId: string;
  /** The scopes the dashboard asks for, space-separated. Default `openid email profile`. */
  scopes: string;
  /**
   * Whether the first sign-in of an invited account (no subject bound yet) binds the provider's subject when the
   * provider says the email is verified and it matches. Default true; afterwards only the subject counts.
   */
  bindByEmail: boolean;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; every other module receives a `Config`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`HOST=` in an env file) is an unset one, not a value to refuse or to trust.
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const root = projectRoot();
  const production = e.NODE_ENV === 'production';
  const development = !production && isLoopbackHost(e.HOST);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.KINROOM_DATABASE_DIRECT_URL ?? null,
    databasePoolSize: e.KINROOM_DATABASE_POOL_SIZE,
    queuePoolSize: e.KINROOM_QUEUE_POOL_SIZE,
    migrateOnStart: e.KINROOM_MIGRATE_ON_START ?? !production,
    metricsToken: e.KINROOM_METRICS_TOKEN ?? null,
    logFormat: e.KINROOM_LOG_FORMAT ?? (production ? 'json' : 'text'),
    dataDir: resolve(root, e.KINROOM_DATA_DIR ?? '.data'),
    demoData: e.KINROOM_DEMO_DATA ?? development,
    devSignIn: e.KINROOM_DEV_SIGNIN ?? development,
    developmentInstance: development,
    introspection: e.KINROOM_INTROSPECTION ?? development,
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    jwtSecrets: [
      e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      ...(e.KINROOM_JWT_VERIFY_SECRETS ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ],
    dashboardDir: resolve(root, e.KINROOM_DASHBOARD_DIR ?? 'apps/dashboard/dist'),
    logLevel: e.KINROOM_LOG_LEVEL,
    allowedOrigins: (e.KINROOM_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    mutationsPerMinute: e.KINROOM_MUTATIONS_PER_MINUTE,
    socketsPerPerson: e.KINROOM_SOCKETS_PER_PERSON,
    subscriptionsPerPerson: e.KINROOM_SUBSCRIPTIONS_PER_PERSON,
    evidenceKeyFile: e.KINROOM_EVIDENCE_KEY
      ? resolve(root, e.KINROOM_EVIDENCE_KEY)
      : resolve(root, e.KINROOM_DATA_DIR ?? '.data', 'evidence-key.pem'),
    evidenceKeyCreate: !e.KINROOM_EVIDENCE_KEY && !production,
    evidenceVerifyKeyFiles: (e.KINROOM_EVIDENCE_VERIFY_KEYS ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => resolve(root, f)),
    oidc:
      e.KINROOM_OIDC_ISSUER && e.KINROOM_OIDC_CLIENT_ID
        ? {
            issuer: e.KINROOM_OIDC_ISSUER,
            clientId: e.KINROOM_OIDC_CLIENT_ID,
            scopes: e.KINROOM_OIDC_SCOPES.split(/\s+/).filter(Boolean).join(' '),
            bindByEmail: e.KINROOM_OIDC_BIND_BY_EMAIL,
          }
        : null,
    messaging: messagingConfig(e),
    messageEngine: e.KINROOM_MESSAGE_ENGINE ?? e.NODE_ENV !== 'test',
    publicUrl: e.KINROOM_PUBLIC_URL ? new URL(e.KINROOM_PUBLIC_URL).origin : null,
  };
}

function messagingConfig(e: MessagingEnv): MessagingConfig {
  const smtp =
    e.KINROOM_SMTP_URL && e.KINROOM_MAIL_FROM ? { url: e.KINROOM_SMTP_URL, from: e.KINROOM_MAIL_FROM } : null;
  const notify = e.KINROOM_NOTIFY_API_KEY
    ? {
        baseUrl: (e.KINROOM_NOTIFY_BASE_URL ?? NOTIFY_PRODUCTION_URL).replace(/\/+$/, ''),
        apiKey: e.KINROOM_NOTIFY_API_KEY,
        templateIds: {
          email: e.KINROOM_NOTIFY_EMAIL_TEMPLATE_ID ?? null,
          sms: e.KINROOM_NOTIFY_SMS_TEMPLATE_ID ?? null,
          letter: e.KINROOM_NOTIFY_LETTER_TEMPLATE_ID ?? null,
        },
      }
    : null;
  const emailVia = e.KINROOM_EMAIL_VIA ?? (smtp ? 'smtp' : notify?.templateIds.email ? 'notify' : null);
  return { smtp, notify, emailVia };
}
