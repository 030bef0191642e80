import type { CotradeModule } from '../../platform/module.ts';
import { onDisputeResolved, onOrderAccepted, onOrderCancelled } from './escrow.ts';
import { REMINDER_JOB } from './invoices.ts';
import './permissions.ts';
import { orderAccepted, orderCancelled, orderDisputeResolved } from './ports.ts';
import { flagOverdueInvoices, sendInvoiceReminder } from './reminders.ts';
import { settlementRoutes } from './routes.ts';

export const OVERDUE_JOB = 'settlement.flag-overdue';

/**
 * Settlement registers on the orders hooks so escrow moves in the acceptance or cancellation
 * transaction itself, and runs the due-date reminders and the hourly overdue check.
 */
export const settlementModule: CotradeModule = {
  name: 'settlement',
  routes: settlementRoutes,
  async setup({ db, jobs }) {
    orderAccepted.register(onOrderAccepted);
    orderCancelled.register(onOrderCancelled);
    orderDisputeResolved.register(onDisputeResolved);
    jobs.register(REMINDER_JOB, async (payload) => {
      await sendInvoiceReminder(db, String(payload.invoiceId));
    });
    jobs.register(OVERDUE_JOB, async () => {
      await flagOverdueInvoices(db);
    });
    await jobs.schedule(OVERDUE_JOB, OVERDUE_JOB, 3600);
  },
};
