import { useEffect, useState } from 'react';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';

const cache = new Map<string, Promise<{ name: string; nameEn: string | null }>>();

/** Organisation names for the operator's pages (GET /platform/organizations/{orgId}, cached). */
export function useOrgNames(ids: readonly string[]): Map<string, string> {
  const { lang } = useI18n();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const unique = key ? key.split(',') : [];
    void Promise.all(
      unique.map(async (id) => {
        let pending = cache.get(id);
        if (!pending) {
          pending = api.get('/platform/organizations/{orgId}', { params: { orgId: id } }).then((r) => ({ name: r.organization.name, nameEn: r.organization.nameEn }));
          pending.catch(() => cache.delete(id));
          cache.set(id, pending);
        }
        try {
          const org = await pending;
          return [id, lang === 'en' && org.nameEn ? org.nameEn : org.name] as const;
        } catch {
          return [id, id] as const;
        }
      }),
    ).then((pairs) => {
      if (live) setNames(new Map(pairs));
    });
    return () => {
      live = false;
    };
  }, [key, lang]);
  return names;
}
