import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { GraphQLContext } from '../graphql/context.js';
import { buildKinroomSchema } from '../graphql/schema.js';
import { serveDashboard } from './static.js';

export interface KinroomServer {
  httpServer: Server;
  /** Resolves with the port actually bound (useful with port 0). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** One Node process: GraphQL over HTTP at /graphql, and the built dashboard for every other path. */
export async function createKinroomServer(config: Config, orm: Orm): Promise<KinroomServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const schema = await buildKinroomSchema();
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: async () => ({ em: orm.em.fork(), operationId: randomUUID() }),
    }),
  );
  serveDashboard(app, config.dashboardDir);

  return {
    httpServer,
    listen: () =>
      new Promise((resolveListen, reject) => {
        httpServer.once('error', (err: NodeJS.ErrnoException) => {
          reject(
            err.code === 'EADDRINUSE'
              ? new PortInUseError(`port ${config.port} on ${config.host} is already in use`)
              : err,
          );
        });
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          resolveListen(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    close: async () => {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
