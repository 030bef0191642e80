import type { Db } from './db.ts';
import type { Lang } from './i18n.ts';

export type ActorType = 'user' | 'api_key' | 'system';

/** Who is acting: resolved once per request from the session cookie or the API key. */
export interface Actor {
  type: ActorType;
  /** The user id, the API key id, or a system job name. */
  id: string;
  userId: string | null;
  orgId: string | null;
  orgKinds: readonly string[];
  orgStatus: string | null;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  sessionId?: string;
  apiKeyId?: string;
  /** False while a session still owes its second factor. */
  mfaPassed: boolean;
}

/** What every use case receives first: the database, who acts, in which language, for which request. */
export interface Ctx {
  db: Db;
  actor: Actor | null;
  lang: Lang;
  requestId: string;
  ip: string | null;
}

export function systemCtx(db: Db, job: string, lang: Lang = 'en'): Ctx {
  return {
    db,
    lang,
    requestId: `job:${job}`,
    ip: null,
    actor: {
      type: 'system',
      id: job,
      userId: null,
      orgId: null,
      orgKinds: ['platform'],
      orgStatus: 'active',
      roles: [],
      permissions: new Set(['*']),
      mfaPassed: true,
    },
  };
}

export function hasPermission(actor: Actor | null, permission: string): boolean {
  if (!actor) return false;
  return actor.permissions.has(permission) || actor.permissions.has('*');
}
