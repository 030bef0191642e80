import { HomeOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { Lang } from '../platform/i18n.tsx';
import { translate } from '../platform/i18n.tsx';
import type { Party } from '../platform/session.tsx';
import { MODULES } from '../modules.ts';
import { groupLabels, NAV_GROUP_ORDER, type PageDef, type WidgetDef } from './registry.ts';

type Can = (permission: string | readonly string[] | undefined) => boolean;

/** The pages of one workspace the user may open. */
export function pagesFor(party: Party, can: Can): PageDef[] {
  return MODULES.flatMap((m) => m.pages).filter((p) => p.parties.includes(party) && can(p.permission));
}

export function widgetsFor(party: Party, can: Can): WidgetDef[] {
  return MODULES.flatMap((m) => m.widgets ?? [])
    .filter((w) => w.parties.includes(party) && can(w.permission))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/** The side menu: home, then one section per group with the user's pages in it. */
export function menuFor(party: Party, can: Can, lang: Lang): NonNullable<MenuProps['items']> {
  const pages = pagesFor(party, can).filter((p) => p.menu);
  const items: NonNullable<MenuProps['items']> = [{ key: `/${party}`, icon: <HomeOutlined />, label: translate(lang, groupLabels.home) }];
  for (const group of NAV_GROUP_ORDER) {
    const inGroup = pages.filter((p) => p.menu!.group === group).sort((a, b) => (a.menu!.order ?? 100) - (b.menu!.order ?? 100));
    if (!inGroup.length) continue;
    items.push({
      type: 'group',
      key: `group:${group}`,
      label: translate(lang, groupLabels[group]),
      children: inGroup.map((p) => ({ key: `/${party}/${p.path}`, icon: p.menu!.icon, label: translate(lang, p.menu!.label) })),
    });
  }
  return items;
}

/** The menu key for a location: the longest menu path that prefixes it. */
export function selectedMenuKey(party: Party, pathname: string, can: Can): string {
  const keys = pagesFor(party, can)
    .filter((p) => p.menu)
    .map((p) => `/${party}/${p.path}`)
    .filter((k) => pathname === k || pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length);
  return keys[0] ?? `/${party}`;
}
