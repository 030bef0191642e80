import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvCompiler from '@fastify/ajv-compiler';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './platform/db.ts';
import { pingDatabase } from './platform/db.ts';
import { EventBus } from './platform/events.ts';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  newRequestId,
  registerIdempotency,
  registerInputGuards,
  registerProblemHandler,
  registerRequestContext,
} from './platform/http.ts';
import { JobQueue } from './platform/jobs.ts';
import { LiveChannel } from './platform/live.ts';
import { logMailTransport, registerMailDelivery, type MailTransport } from './platform/mail.ts';
import { HttpMetrics, registerMetrics } from './platform/metrics.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { auctionsModule } from './modules/auctions/module.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { IdentityAuthenticator, SignInThrottle } from './modules/identity/authn.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { inventoryModule } from './modules/inventory/module.ts';
import { ledgerModule } from './modules/ledger/module.ts';
import { ordersModule } from './modules/orders/module.ts';
import { procurementModule } from './modules/procurement/module.ts';
import { settlementModule } from './modules/settlement/module.ts';
import { sourcingModule } from './modules/sourcing/module.ts';
import type { CotradeModule } from './platform/module.ts';

/** Modules in dependency order; each brings its routes and its jobs, schedules and event handlers. */
const MODULES: CotradeModule[] = [ledgerModule, inventoryModule, procurementModule, ordersModule, settlementModule, sourcingModule, auctionsModule];

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface Platform {
  app: FastifyInstance;
  database: Database;
  bus: EventBus;
  jobs: JobQueue;
  live: LiveChannel;
  metrics: HttpMetrics;
  authenticator: IdentityAuthenticator;
  /** Starts the event listener and, if configured, the job worker. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface BuildOptions {
  mail?: MailTransport;
  /** Per-address sign-in attempts per 10 minutes. */
  signInLimit?: number;
}

export async function buildPlatform(config: Config, database: Database, options: BuildOptions = {}): Promise<Platform> {
  const app = Fastify({
    logger: { level: config.logLevel },
    genReqId: () => newRequestId(),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidator() as never } },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  const jobs = new JobQueue(database);
  const bus = new EventBus(database, jobs);
  const metrics = new HttpMetrics();
  const authenticator = new IdentityAuthenticator(database.db);
  const live = new LiveChannel(database.db, authenticator);
  registerMailDelivery(jobs, database.db, options.mail ?? logMailTransport);
  // Any identity change anywhere drops cached sessions and keys in every process.
  bus.on('*', (event) => {
    if (event.topic.startsWith('identity.')) authenticator.invalidate();
  });

  for (const module of MODULES) await module.setup?.({ db: database.db, jobs, bus, live, publicUrl: config.publicUrl });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart);
  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Cotrade API', version: '1.0.0', description: 'Industrial B2B trading platform (产业电商交易平台).' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cotrade_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key: ck_<prefix>_<secret>' },
        },
      },
    },
  });
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!route.schema || access?.public) return;
    route.schema = {
      ...route.schema,
      security: [{ session: [] }, { apiKey: [] }],
      ...(access?.permission ? { 'x-permission': access.permission } : {}),
    } as typeof route.schema;
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerProblemHandler(app, spaFallback());
  registerInputGuards(app);
  registerRequestContext(app, database.db, authenticator);
  registerIdempotency(app, database.db);
  registerMetrics(app, metrics);

  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await pingDatabase(database.db);
      return { status: 'ok', database: 'ok', driver: database.driver, uptimeSeconds: Math.round(process.uptime()) };
    } catch {
      return reply.code(503).send({ status: 'degraded', database: 'unreachable', driver: database.driver });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => reply.type('text/plain; version=0.0.4').send(metrics.render()));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(identityRoutes, {
        authenticator,
        publicUrl: config.publicUrl,
        secureCookies: config.secureCookies,
        throttle: new SignInThrottle(options.signInLimit ?? 30),
      });
      await api.register(auditRoutes);
      await api.register(live.routes);
      for (const module of MODULES) if (module.routes) await api.register(module.routes);
      await api.register(catalogRoutes, { bus, db: database.db });
    },
    { prefix: '/api/v1' },
  );

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h' });
  }

  return {
    app,
    database,
    bus,
    jobs,
    live,
    metrics,
    authenticator,
    async start() {
      await bus.start();
      await live.start();
      if (config.worker) await jobs.start();
    },
    async stop() {
      await live.stop();
      await jobs.stop();
      await bus.stop();
    },
  };
}

/**
 * Query strings and paths are text, so their numbers are coerced; JSON bodies are typed, so a
 * wrong type there is a 400 (a float must never slip into a decimal-string money field).
 */
function strictBodyValidator() {
  const factory = AjvCompiler();
  return (externalSchemas: Parameters<typeof factory>[0], options: Parameters<typeof factory>[1] = {}) => {
    const lenient = factory(externalSchemas, options);
    const strict = factory(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as typeof options);
    return (route: { schema: unknown; httpPart?: string }) => (route.httpPart === 'body' ? strict : lenient)(route as never);
  };
}

/** Browser routes that are not API or files get the single-page app's index.html. */
function spaFallback() {
  const indexPath = `${WEB_DIST}/index.html`;
  let html: string | null = null;
  return (url: string): string | null => {
    if (url.startsWith('/api/') || url === '/health' || url === '/metrics') return null;
    if (!existsSync(indexPath)) return null;
    html ??= readFileSync(indexPath, 'utf8');
    return html;
  };
}
