import type { Msg } from '../platform/i18n.tsx';
import { MODULES } from '../modules.ts';

type Kind = 'auditActions' | 'targetTypes' | 'permissions';
const cache = new Map<Kind, Map<string, Msg>>();

function table(kind: Kind): Map<string, Msg> {
  let map = cache.get(kind);
  if (!map) {
    map = new Map(MODULES.flatMap((m) => Object.entries(m.labels?.[kind] ?? {})));
    cache.set(kind, map);
  }
  return map;
}

/** The label a module gave a code (audit action, target type, permission), or null if none did. */
export function codeLabel(kind: Kind, code: string): Msg | null {
  return table(kind).get(code) ?? null;
}
