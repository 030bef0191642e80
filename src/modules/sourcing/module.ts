import { sql } from 'drizzle-orm';
import { systemCtx } from '../../platform/context.ts';
import { query } from '../../platform/db.ts';
import type { CotradeModule } from '../../platform/module.ts';
import './errors.ts';
import './permissions.ts';
import { registerSourcingTopics } from './live.ts';
import { sourcingRoutes } from './routes/index.ts';
import { closeRfqIfDue } from './service/rfq-access.ts';
import { RFQ_CLOSE_JOB } from './service/rfqs.ts';
import { closeTenderIfDue } from './service/tender-access.ts';
import { lapseAward } from './service/tender-award.ts';
import { lapseOpening, startOpeningWindow } from './service/tender-opening.ts';
import { TENDER_JOBS } from './service/tenders.ts';

const SWEEP_JOB = 'sourcing.sweep';

/**
 * Sourcing at start-up: the `rfq:<id>` and `tender:<id>` live topics, deadline jobs (enqueued for the exact time by the use cases: RFQ close,
 * tender close, opening window start and lapse, award confirmation timeout) and a sweep every
 * minute that catches up anything due whose job was lost. Every handler re-checks the state and
 * the server clock, so a duplicate or early run does nothing.
 */
export const sourcingModule: CotradeModule = {
  name: 'sourcing',
  routes: sourcingRoutes,
  async setup({ db, jobs, bus, live }) {
    registerSourcingTopics(live, bus, db);
    const ctx = (job: string) => systemCtx(db, job);
    jobs.register(RFQ_CLOSE_JOB, async (payload) => {
      await closeRfqIfDue(ctx(RFQ_CLOSE_JOB), String(payload.rfqId));
    });
    jobs.register(TENDER_JOBS.close, async (payload) => {
      await closeTenderIfDue(ctx(TENDER_JOBS.close), String(payload.tenderId));
    });
    jobs.register(TENDER_JOBS.openingStart, async (payload) => {
      await startOpeningWindow(ctx(TENDER_JOBS.openingStart), String(payload.tenderId));
    });
    jobs.register(TENDER_JOBS.openingLapse, async (payload) => {
      await lapseOpening(ctx(TENDER_JOBS.openingLapse), String(payload.tenderId), typeof payload.openingAt === 'string' ? payload.openingAt : null);
    });
    jobs.register(TENDER_JOBS.awardTimeout, async (payload) => {
      await lapseAward(ctx(TENDER_JOBS.awardTimeout), String(payload.tenderId), String(payload.awardId));
    });
    jobs.register(SWEEP_JOB, async () => {
      const c = ctx(SWEEP_JOB);
      for (const { id } of await query<{ id: string }>(db, sql`select id from rfqs where status = 'open' and deadline <= clock_timestamp() limit 100`)) await closeRfqIfDue(c, id);
      for (const { id } of await query<{ id: string }>(db, sql`select id from tenders where status = 'published' and bid_deadline <= clock_timestamp() limit 100`)) await closeTenderIfDue(c, id);
      const lapsedWindows = await query<{ id: string }>(
        db,
        sql`select t.id from tenders t where t.status = 'closed' and t.opening_at + make_interval(mins => t.opening_window_minutes) < clock_timestamp()
            and exists (select 1 from tender_openers o where o.tender_id = t.id and o.confirmed_at is not null) limit 100`,
      );
      for (const { id } of lapsedWindows) await lapseOpening(c, id, null);
      const lapsedAwards = await query<{ tender_id: string; id: string }>(db, sql`select tender_id, id from tender_awards where status = 'offered' and confirm_by < clock_timestamp() limit 100`);
      for (const a of lapsedAwards) await lapseAward(c, a.tender_id, a.id);
    });
    await jobs.schedule(SWEEP_JOB, SWEEP_JOB, 60);
  },
};
