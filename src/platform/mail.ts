import { eq } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { newId } from './ids.ts';
import { enqueueJob, type JobQueue } from './jobs.ts';
import { mailOutbox } from './schema.ts';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

/** Delivers a message. The only transport here writes to the log: there is no mail server. */
export interface MailTransport {
  send(message: MailMessage & { id: string }): Promise<void>;
}

export const logMailTransport: MailTransport = {
  async send(message) {
    console.log(`[mail] to=${message.to} subject=${JSON.stringify(message.subject)}\n${message.body}`);
  },
};

/** Queues an e-mail with the business change; it is sent after commit by the `mail.deliver` job. */
export async function queueMail(tx: Tx, message: MailMessage): Promise<string> {
  const id = newId('mail');
  await tx.insert(mailOutbox).values({ id, ...message });
  await enqueueJob(tx, 'mail.deliver', { mailId: id });
  return id;
}

export function registerMailDelivery(jobs: JobQueue, db: Db, transport: MailTransport): void {
  jobs.register('mail.deliver', async (payload) => {
    const mailId = String(payload.mailId);
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, mailId));
    if (!mail || mail.status === 'sent') return;
    await transport.send(mail);
    await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date() }).where(eq(mailOutbox.id, mailId));
  });
}
