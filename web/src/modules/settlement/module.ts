import { createElement, lazy } from 'react';
import { AccountBookOutlined, BankOutlined, FileDoneOutlined, PercentageOutlined, SendOutlined, SettingOutlined, WalletOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const invoices = lazy(() => import('./invoices-page.tsx'));
const invoice = lazy(() => import('./invoice-page.tsx'));
const payments = lazy(() => import('./payments-page.tsx'));
const ledger = lazy(() => import('./ledger-page.tsx'));
const payouts = lazy(() => import('./payouts-page.tsx'));
const settings = lazy(() => import('./settings-page.tsx'));
const icon = (c: Parameters<typeof createElement>[0]) => createElement(c);

/** Settlement: invoices and the exception queue, payments, ledger statements, payouts, commission, bank statements. */
export const settlementModule: WebModule = {
  id: 'settlement',
  pages: [
    // supplier
    { path: 'finance/invoices', parties: ['supplier'], permission: 'settlement.invoices.read', component: invoices, menu: { group: 'finance', label: m.menuInvoices, icon: icon(FileDoneOutlined), order: 10 } },
    { path: 'finance/invoices/new', parties: ['supplier'], permission: 'settlement.invoices.create', component: lazy(() => import('./invoice-form-page.tsx')) },
    { path: 'finance/invoices/:invoiceId', parties: ['supplier', 'buyer', 'operator'], permission: 'settlement.invoices.read', component: invoice },
    { path: 'finance/payouts', parties: ['supplier'], permission: 'settlement.payouts.read', component: payouts, menu: { group: 'finance', label: m.menuPayouts, icon: icon(SendOutlined), order: 30 } },
    // buyer
    { path: 'finance/invoices', parties: ['buyer'], permission: 'settlement.invoices.read', component: invoices, menu: { group: 'finance', label: m.menuInvoices, icon: icon(FileDoneOutlined), order: 10 } },
    { path: 'finance/payments', parties: ['buyer'], permission: 'settlement.payments.read', component: payments, menu: { group: 'finance', label: m.menuPayments, icon: icon(WalletOutlined), order: 20 } },
    { path: 'finance/settings', parties: ['buyer'], permission: 'settlement.settings.manage', component: settings, menu: { group: 'finance', label: m.menuSettings, icon: icon(SettingOutlined), order: 90 } },
    // everyone's books
    { path: 'finance/ledger', parties: ['buyer', 'supplier', 'operator'], permission: 'ledger.read', component: ledger, menu: { group: 'finance', label: m.menuLedger, icon: icon(AccountBookOutlined), order: 40 } },
    // platform finance
    { path: 'finance/invoices', parties: ['operator'], permission: 'platform.settlement.read', component: invoices, menu: { group: 'finance', label: m.menuInvoices, icon: icon(FileDoneOutlined), order: 10 } },
    { path: 'finance/payments', parties: ['operator'], permission: 'platform.settlement.read', component: payments, menu: { group: 'finance', label: m.menuPayments, icon: icon(WalletOutlined), order: 20 } },
    { path: 'finance/payouts', parties: ['operator'], permission: 'platform.settlement.read', component: payouts, menu: { group: 'finance', label: m.menuPayouts, icon: icon(SendOutlined), order: 30 } },
    { path: 'finance/bank-statements', parties: ['operator'], permission: 'platform.settlement.statements.manage', component: lazy(() => import('./statements-page.tsx')), menu: { group: 'finance', label: m.menuStatements, icon: icon(BankOutlined), order: 50 } },
    { path: 'finance/commission-rules', parties: ['operator'], permission: 'platform.settlement.commission.manage', component: lazy(() => import('./commission-rules-page.tsx')), menu: { group: 'finance', label: m.menuCommission, icon: icon(PercentageOutlined), order: 60 } },
    { path: 'finance/settings', parties: ['operator'], permission: 'platform.settlement.commission.manage', component: settings, menu: { group: 'finance', label: m.menuSettings, icon: icon(SettingOutlined), order: 90 } },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
