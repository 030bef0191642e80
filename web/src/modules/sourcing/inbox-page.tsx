import { Card, Tabs } from 'antd';
import { useI18n } from '../../platform/i18n.tsx';
import { PageHeader } from '../../shell/page.tsx';
import { m } from './messages.ts';
import { RfqTable } from './rfqs-page.tsx';
import { TenderTable } from './tenders-page.tsx';

/** The supplier's sourcing inbox: RFQ invitations, invitation and open tenders, the ones it registered for. */
export default function InboxPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageHeader title={t(m.inboxTitle)} subtitle={t(m.inboxSubtitle)} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'rfqs', label: t(m.tabRfqs), children: <RfqTable role="supplier" /> },
            { key: 'tenders', label: t(m.tabTenders), children: <TenderTable role="supplier" /> },
            { key: 'mine', label: t(m.tabMine), children: <TenderTable role="supplier" scope="mine" /> },
          ]}
        />
      </Card>
    </div>
  );
}
