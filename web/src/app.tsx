import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useEffect, type ReactNode } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { I18nProvider, useI18n } from './platform/i18n.tsx';
import { common } from './platform/messages.ts';
import { SessionProvider } from './platform/session.tsx';
import { AppRoutes } from './shell/app-routes.tsx';
import { ErrorBoundary } from './shell/error-boundary.tsx';

dayjs.extend(relativeTime);

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1456c8',
    colorInfo: '#1456c8',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#0f2440', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff', bodyBg: '#f3f5f8' },
    Menu: { itemHeight: 38, groupTitleFontSize: 12 },
    Table: { headerBg: '#f7f8fa' },
  },
};

/** antd and dayjs follow the UI language. */
function LocalizedAntd({ children }: { children: ReactNode }) {
  const { lang, t } = useI18n();
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(common.appName);
  }, [lang, t]);
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedAntd>
        <SessionProvider>
          <BrowserRouter>
            <ErrorBoundary>
              <AppRoutes />
            </ErrorBoundary>
          </BrowserRouter>
        </SessionProvider>
      </LocalizedAntd>
    </I18nProvider>
  );
}
