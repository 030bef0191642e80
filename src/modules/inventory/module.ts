import { systemCtx } from '../../platform/context.ts';
import type { CotradeModule } from '../../platform/module.ts';
import { notFound } from '../../platform/problem.ts';
import { skuBelongsTo } from '../catalog/index.ts';
import { grantPermissions } from '../identity/index.ts';
import { inventoryRoutes } from './routes.ts';
import { expireReservations } from './service.ts';

grantPermissions('fulfilment', 'inventory.read', 'inventory.manage');
grantPermissions('sales', 'inventory.read');

export const inventoryModule: CotradeModule = {
  name: 'inventory',
  routes: async (app) =>
    app.register(inventoryRoutes, {
      async assertOwnSku(tx, orgId, skuId) {
        if (!(await skuBelongsTo(tx, skuId, orgId))) throw notFound('sku', skuId);
      },
    }),
  async setup({ db, jobs }) {
    jobs.register('inventory.expire-reservations', async () => {
      await expireReservations(systemCtx(db, 'inventory.expire-reservations'));
    });
    // Every minute, and at start-up (a schedule's first run is due at once), so a restart after a
    // crash releases whatever expired while the server was down.
    await jobs.schedule('inventory.expire-reservations', 'inventory.expire-reservations', 60);
  },
};
