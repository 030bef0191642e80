import type { FastifyPluginAsync } from 'fastify';
import type { Db } from './db.ts';
import type { EventBus } from './events.ts';
import type { JobQueue } from './jobs.ts';
import type { LiveChannel } from './live.ts';

/** What a module gets at start-up to register its jobs, schedules and event handlers. */
export interface ModuleContext {
  db: Db;
  jobs: JobQueue;
  bus: EventBus;
  /** The live channel: register a topic prefix, push state changes to subscribers. */
  live: LiveChannel;
  publicUrl: string;
}

/** A module as the server sees it: routes under /api/v1 and an optional start-up hook. */
export interface CotradeModule {
  name: string;
  routes?: FastifyPluginAsync;
  /** Called once before the server listens; schedules must be idempotent (they are upserts). */
  setup?(context: ModuleContext): Promise<void> | void;
}
