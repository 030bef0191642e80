import { ApartmentOutlined, SafetyCertificateOutlined, ShopOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { defineMessages, useT } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';
import { BrandMark } from './brand.tsx';
import { LanguageSwitch } from './language-switch.tsx';

const m = defineMessages({
  buyerTitle: ['采购方', 'Buyers'],
  buyerText: ['需求提报、审批、目录采购、询价招标与验收结算', 'Requisitions, approvals, catalogue buying, RFQs, tenders, receipt and settlement'],
  supplierTitle: ['供应商', 'Suppliers'],
  supplierText: ['认证入驻、店铺与商品、报价投标、履约开票与收款融资', 'Certification, storefronts, quotes and bids, fulfilment, invoicing and receivables finance'],
  operatorTitle: ['平台运营', 'Platform operator'],
  operatorText: ['准入审核、品类编码、交易监督与风险控制', 'Admission review, commodity coding, trade supervision and risk control'],
  footer: ['© 2026 Cotrade · 全程留痕 · 数据加密传输', '© 2026 Cotrade · fully audited · encrypted in transit'],
});

/** Sign-in, registration and invitation pages: a brand panel and the form. */
export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const t = useT();
  return (
    <div className="public-root">
      <aside className="public-aside">
        <div className="public-brand">
          <BrandMark size={36} />
          <span>{t(common.appName)}</span>
        </div>
        <h1 className="public-tagline">{t(common.appTagline)}</h1>
        <ul className="public-points">
          <li>
            <ShopOutlined />
            <div>
              <strong>{t(m.buyerTitle)}</strong>
              <span>{t(m.buyerText)}</span>
            </div>
          </li>
          <li>
            <ApartmentOutlined />
            <div>
              <strong>{t(m.supplierTitle)}</strong>
              <span>{t(m.supplierText)}</span>
            </div>
          </li>
          <li>
            <SafetyCertificateOutlined />
            <div>
              <strong>{t(m.operatorTitle)}</strong>
              <span>{t(m.operatorText)}</span>
            </div>
          </li>
        </ul>
        <div className="public-footer">{t(m.footer)}</div>
      </aside>
      <main className="public-main">
        <div className="public-topbar">
          <LanguageSwitch />
        </div>
        <div className={wide ? 'public-panel public-panel-wide' : 'public-panel'}>{children}</div>
      </main>
    </div>
  );
}
