import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { directoryRoutes } from './directory-routes.ts';
import { rfqRoutes } from './rfq-routes.ts';
import { tenderRoutes } from './tender-routes.ts';

/** All sourcing routes under /api/v1. */
export const sourcingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(rfqRoutes);
  await app.register(tenderRoutes);
  await app.register(directoryRoutes);
};
