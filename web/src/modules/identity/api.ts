import { api, type ApiResponse } from '../../platform/api.ts';
import { useI18n, type Msg } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { roleNames } from './messages.ts';

export type OrgProfile = ApiResponse<'/organization'>['organization'];
export type OrgDocument = ApiResponse<'/organization'>['documents'][number];
export type OrgUser = ApiResponse<'/organization/users'>['items'][number];
export type Invitation = ApiResponse<'/organization/invitations'>['items'][number];
export type ApiKey = ApiResponse<'/organization/api-keys'>['items'][number];
export type Role = ApiResponse<'/roles'>['items'][number];
export type PlatformOrg = ApiResponse<'/platform/organizations'>['items'][number];

/** Roles this organisation can assign, named in the UI language (the server localizes them). */
export function useRoles() {
  const { lang } = useI18n();
  const result = useApiData(() => api.get('/roles').then((r) => r.items), [lang]);
  return { ...result, roles: result.data ?? [] };
}

/** A role's name: from GET /roles when loaded, else the built-in names, else its key. */
export function roleLabel(key: string, roles: readonly Role[], t: (msg: Msg) => string): string {
  const fromServer = roles.find((r) => r.key === key);
  if (fromServer) return fromServer.name;
  const builtIn = (roleNames as Record<string, Msg>)[key];
  return builtIn ? t(builtIn) : key;
}
