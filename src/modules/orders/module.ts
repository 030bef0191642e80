import { systemCtx } from '../../platform/context.ts';
import type { CotradeModule } from '../../platform/module.ts';
import './errors.ts';
import './permissions.ts';
import { orderRoutes } from './routes.ts';
import { expireOrder } from './service/lifecycle.ts';

/**
 * Orders at start-up: reacts (once per event, as a job) to `inventory.reservation.expired` by
 * cancelling the order if it is still waiting for the supplier.
 */
export const ordersModule: CotradeModule = {
  name: 'orders',
  routes: orderRoutes,
  setup({ db, bus }) {
    bus.handle('orders.reservation-expired', ['inventory.reservation.expired'], async (event) => {
      const payload = event.payload as { referenceType?: string; referenceId?: string };
      if (payload.referenceType !== 'order' || !payload.referenceId) return;
      await expireOrder(systemCtx(db, 'orders.reservation-expired'), payload.referenceId);
    });
  },
};
