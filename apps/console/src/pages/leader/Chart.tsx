import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { EChartsOption } from 'echarts';

// Only the chart types the leader pages draw: the group's chunk stays far below the full echarts build.
echarts.use([BarChart, LineChart, PieChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent, DatasetComponent, CanvasRenderer]);

/**
 * One ECharts chart. `onFinished` fires when ECharts has finished drawing the current option (its
 * `finished` event) — the sandbox ends its performance measure there.
 */
export function Chart({ option, height = 280, label, onFinished }: { option: EChartsOption; height?: number; label: string; onFinished?: () => void }) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate={false}
        style={{ height, width: '100%' }}
        onEvents={onFinished ? { finished: onFinished } : undefined}
      />
    </div>
  );
}
