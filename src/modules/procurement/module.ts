import type { CotradeModule } from '../../platform/module.ts';
import { sendApprovalReminders } from './delegations.ts';
import './permissions.ts';
import './requisitions.ts';
import { procurementRoutes } from './routes.ts';

/** How often the reminder job looks for approval tasks waiting past their due time. */
const REMINDER_SCAN_SECONDS = 600;

export const procurementModule: CotradeModule = {
  name: 'procurement',
  routes: procurementRoutes,
  async setup({ db, jobs, publicUrl }) {
    jobs.register('procurement.approval-reminders', async () => {
      await sendApprovalReminders(db, { publicUrl });
    });
    await jobs.schedule('procurement.approval-reminders', 'procurement.approval-reminders', REMINDER_SCAN_SECONDS);
  },
};
