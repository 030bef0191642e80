import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { CSSProperties } from 'react';

/**
 * Charts for every module: only the chart types registered here are bundled (the full echarts
 * import is 2 MB). Import this file from lazily loaded pages only; add a chart type here when needed.
 */
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export const CHART_COLORS = ['#1456c8', '#2fa36b', '#f5a623', '#e5534b', '#8c8c8c', '#7b61ff'];

export function Chart({ option, height = 240, style }: { option: ChartOption; height?: number; style?: CSSProperties }) {
  return <ReactEChartsCore echarts={echarts} option={{ color: CHART_COLORS, animationDuration: 300, ...option }} notMerge style={{ height, ...style }} opts={{ renderer: 'canvas' }} />;
}
