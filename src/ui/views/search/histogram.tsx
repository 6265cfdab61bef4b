// Counts over the range (GET /api/v1/aggregate without a field) drawn with uPlot as bars. Dragging
// across the chart zooms: the selection becomes the search's absolute range (the range picker's
// presets go back). Refetched after every submit, once its first page is in (`firstPageGeneration`).
import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AggregateResponse } from '../../../contracts/search.ts';
import { api } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { firstPageGeneration, query, range, setRange } from './state.ts';

type Histogram = Extract<AggregateResponse, { interval: string }>;

const HEIGHT = 110;
/** A drag narrower than this is a click, not a zoom. */
const MIN_DRAG_PX = 4;

export function HistogramChart() {
  const answer = useSignal<Histogram | undefined>(undefined);
  const failed = useSignal(false);
  useSignalEffect(() => {
    void firstPageGeneration.value;
    const controller = new AbortController();
    const filter = { q: query.peek(), from: range.peek().from, to: range.peek().to };
    failed.value = false;
    api<Histogram>('GET', '/api/v1/aggregate', { query: filter, signal: controller.signal }).then(
      (histogram) => (answer.value = histogram),
      () => {
        // The search's own error is shown under the query box; the chart just stays empty.
        if (!controller.signal.aborted) failed.value = true;
      },
    );
    return () => controller.abort();
  });
  const histogram = failed.value ? undefined : answer.value;
  const total = histogram?.buckets.reduce((sum, bucket) => sum + bucket.count, 0) ?? 0;
  return (
    <figure class="histogram">
      <Chart histogram={histogram} />
      <figcaption class="histogram-caption">
        {histogram ? `${formatCount(total)} events in ${histogram.buckets.length} buckets of ${histogram.interval}; drag across the chart to zoom in` : ''}
      </figcaption>
    </figure>
  );
}

function Chart({ histogram }: { histogram: Histogram | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    if (!box.current) return;
    const chart = new uPlot(chartOptions(box.current.clientWidth), [[], []], box.current);
    plot.current = chart;
    const resize = new ResizeObserver(() => box.current && chart.setSize({ width: box.current.clientWidth, height: HEIGHT }));
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, []);
  useEffect(() => {
    if (!plot.current || !histogram) return;
    const starts = histogram.buckets.map((bucket) => Date.parse(bucket.start) / 1000);
    plot.current.setData([starts, histogram.buckets.map((bucket) => bucket.count)]);
  }, [histogram]);
  return <div ref={box} class="histogram-chart" aria-hidden="true" />;
}

function chartOptions(width: number): uPlot.Options {
  const css = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const accent = color('--accent', '#0b5cad');
  const soft = color('--fg-soft', '#57606a');
  const grid = color('--border', '#d0d7de');
  const axis = { stroke: soft, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false } },
    scales: { x: { time: true } },
    // Times in UTC like every time in the UI (format.ts); the date shows when the range spans days.
    axes: [
      { ...axis, values: utcTickLabels },
      { ...axis, size: 48 },
    ],
    series: [{}, { stroke: accent, fill: accent, paths: uPlot.paths.bars?.({ size: [0.9, 40] }), points: { show: false } }],
    hooks: { setSelect: [zoomToSelection] },
  };
}

function utcTickLabels(chart: uPlot, splits: number[]): string[] {
  const span = (chart.scales['x']?.max ?? 0) - (chart.scales['x']?.min ?? 0);
  const [start, end] = span > 86_400 ? [5, 16] : span > 300 ? [11, 16] : [11, 19];
  return splits.map((seconds) => new Date(seconds * 1000).toISOString().slice(start, end).replace('T', ' '));
}

/** The selected stretch of the x axis as the search's absolute range. */
function zoomToSelection(chart: uPlot): void {
  const { left, width } = chart.select;
  if (width < MIN_DRAG_PX) return;
  const from = chart.posToVal(left, 'x') * 1000;
  const to = chart.posToVal(left + width, 'x') * 1000;
  chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  setRange({ from: new Date(Math.floor(from)).toISOString(), to: new Date(Math.ceil(to)).toISOString() });
}
