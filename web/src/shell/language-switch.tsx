import { GlobalOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { isProblem } from '../platform/api.ts';
import { LANG_NAMES, LANGS, useI18n, type Lang } from '../platform/i18n.tsx';
import { useSession } from '../platform/session.tsx';

/** 简体中文 / English: remembered for the signed-in user (PATCH /me), else on this browser. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { lang } = useI18n();
  const { changeLanguage } = useSession();
  const { message } = App.useApp();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: LANGS.map((l) => ({ key: l, label: <span data-testid={`lang-${l}`}>{LANG_NAMES[l]}</span> })),
        onClick: ({ key }) => {
          changeLanguage(key as Lang).catch((error: unknown) => {
            if (isProblem(error)) void message.error(error.title);
          });
        },
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch" className={dark ? 'header-button-dark' : undefined}>
        {LANG_NAMES[lang]}
      </Button>
    </Dropdown>
  );
}
