import type { CotradeModule } from '../../platform/module.ts';
import './errors.ts';
import './permissions.ts';
import { registerLotTopic } from './live-view.ts';
import { sweepLots } from './outcome.ts';
import { lapsePresaleOrders } from './presales.ts';
import { auctionRoutes } from './routes.ts';

/**
 * Auctions at start-up: the `auction:<lotId>` live topic, and a sweep every 2 s that closes lots
 * whose end passed (bids are refused at the end under the lot lock regardless; the sweep only
 * moves the status on and refunds deposits of failed lots), defaults unpaid forward sales and
 * lapses presale orders whose balance date passed.
 */
export const auctionsModule: CotradeModule = {
  name: 'auctions',
  routes: auctionRoutes,
  async setup({ db, jobs, bus, live }) {
    registerLotTopic(live, bus, db);
    jobs.register('auctions.sweep', async () => {
      await sweepLots(db);
      await lapsePresaleOrders(db);
    });
    await jobs.schedule('auctions.sweep', 'auctions.sweep', 2);
  },
};
