import { Empty, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../platform/chart.tsx';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import type { PriceHistoryEntry } from './api.ts';
import { formatQty } from './decimal.ts';
import { label, m } from './messages.ts';

/**
 * A SKU's price history: one step line per price (list, each volume break, each contract), carried
 * on to today, with the records as a table under it. Amounts stay strings outside the chart.
 */
export function PriceHistoryView({ entries, uom }: { entries: PriceHistoryEntry[]; uom: string }) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const series = new Map<string, Array<[string, number]>>();
    for (const e of entries) {
      const name =
        e.kind === 'list'
          ? t(m.historyKind_list)
          : e.kind === 'tier'
            ? `${t(m.historyKind_tier)} ≥${formatQty(e.minQty)}`
            : `${t(m.historyKind_contract)}${e.agreementId ? ` ${e.agreementId.slice(-4)}` : ''}`;
      const points = series.get(name) ?? [];
      // The chart plots numbers; the table below shows the exact decimal strings.
      points.push([e.effectiveAt, Number(e.unitPrice)]);
      series.set(name, points);
    }
    const now = new Date().toISOString();
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(String(v), 'CNY', lang) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 70, right: 24, top: 36, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => `¥${v}` } },
      series: [...series].map(([name, points]) => ({
        name,
        type: 'line',
        step: 'end',
        symbolSize: 6,
        data: [...points, [now, points[points.length - 1]![1]]],
      })),
    } as ChartOption;
  }, [entries, t, lang]);

  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.priceHistoryEmpty)} />;
  return (
    <div data-testid="price-history">
      <Chart option={option} height={280} />
      <Table<PriceHistoryEntry>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={[...entries].reverse()}
        columns={[
          { title: t(m.effectiveAt), dataIndex: 'effectiveAt', render: (v: string) => formatDateTime(v) },
          { title: t(m.kind), dataIndex: 'kind', render: (k: string) => <Tag>{t(label('historyKind_', k))}</Tag> },
          { title: t(m.minQty), dataIndex: 'minQty', align: 'right', render: (v: string | null) => (v ? `${formatQty(v)} ${uom}` : '—') },
          { title: t(m.unitPrice), dataIndex: 'unitPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
        ]}
      />
    </div>
  );
}
