import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const DEVELOPMENT_JWT_SECRET = 'kinroom-development-secret-not-for-production-use';

/** The repository root, found from this file so that the data folder is the same however the API is started. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'pnpm-workspace.yaml'))) {
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
    KINROOM_DATA_DIR: z.string().min(1).optional(),
    KINROOM_DEMO_DATA: booleanFlag.optional(),
    KINROOM_DEV_SIGNIN: booleanFlag.optional(),
    KINROOM_INTROSPECTION: booleanFlag.optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    KINROOM_DASHBOARD_DIR: z.string().min(1).optional(),
    KINROOM_LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
    KINROOM_ALLOWED_ORIGINS: z.string().optional(),
    KINROOM_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    KINROOM_EVIDENCE_KEY: z.string().min(1).optional(),
    KINROOM_EVIDENCE_VERIFY_KEYS: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
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

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Absent: Kinroom starts its own embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Load the demo week into an empty database. */
  demoData: boolean;
  /** Offer tokens for the demo users without a password: development only. */
  devSignIn: boolean;
  introspection: boolean;
  jwtSecret: string;
  dashboardDir: string;
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  /** Browser origins allowed to open a WebSocket; empty means only this server's own address. */
  allowedOrigins: string[];
  /** Changes one user may make per minute (a burst of this many, refilled continuously). */
  mutationsPerMinute: number;
  /** The Ed25519 private key that signs the evidence chain: outside the database (docs/evidence.md). */
  evidenceKeyFile: string;
  /** Make `evidenceKeyFile` on first start when missing: only for the data folder's key outside production. */
  evidenceKeyCreate: boolean;
  /** Public (or private) keys used for signing before a rotation, kept so that older records still verify. */
  evidenceVerifyKeyFiles: string[];
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; every other module receives a `Config`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const root = projectRoot();
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(root, e.KINROOM_DATA_DIR ?? '.data'),
    demoData: e.KINROOM_DEMO_DATA ?? !production,
    devSignIn: e.KINROOM_DEV_SIGNIN ?? !production,
    introspection: e.KINROOM_INTROSPECTION ?? !production,
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    dashboardDir: resolve(root, e.KINROOM_DASHBOARD_DIR ?? 'apps/dashboard/dist'),
    logLevel: e.KINROOM_LOG_LEVEL,
    allowedOrigins: (e.KINROOM_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    mutationsPerMinute: e.KINROOM_MUTATIONS_PER_MINUTE,
    evidenceKeyFile: e.KINROOM_EVIDENCE_KEY
      ? resolve(root, e.KINROOM_EVIDENCE_KEY)
      : resolve(root, e.KINROOM_DATA_DIR ?? '.data', 'evidence-key.pem'),
    evidenceKeyCreate: !e.KINROOM_EVIDENCE_KEY && !production,
    evidenceVerifyKeyFiles: (e.KINROOM_EVIDENCE_VERIFY_KEYS ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => resolve(root, f)),
  };
}
