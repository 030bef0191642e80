import type { CotradeModule } from '../../platform/module.ts';
import { grantPermissions } from '../identity/index.ts';
import { ledgerRoutes } from './routes.ts';
import { expireHolds } from './service.ts';

for (const role of ['buyer_finance', 'supplier_finance', 'platform_finance', 'operator_admin', 'supervisor']) grantPermissions(role, 'ledger.read');
for (const role of ['platform_finance', 'operator_admin', 'supervisor']) grantPermissions(role, 'platform.ledger.read');

export const ledgerModule: CotradeModule = {
  name: 'ledger',
  routes: ledgerRoutes,
  async setup({ db, jobs }) {
    jobs.register('ledger.expire-holds', async () => {
      await db.transaction((tx) => expireHolds(tx));
    });
    await jobs.schedule('ledger.expire-holds', 'ledger.expire-holds', 60);
  },
};
