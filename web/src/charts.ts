/**
 * The layout every bar chart of the UI shares, so legends and axis labels stay legible down to a phone's
 * 390 px: the legend in its own scrolling row above the plot, the grid sized to contain its labels (no
 * fixed margins that long labels run out of), category labels that turn and thin out instead of overlapping.
 */
export function legibleBars<T extends { xAxis: object; legend?: object; grid?: object }>(option: T, categories: number): T {
  return {
    ...option,
    legend: { type: 'scroll', top: 0, left: 0, right: 0, ...(option.legend ?? {}) },
    // top: the legend row and, under it, the value axis' name (containLabel leaves axis names out).
    grid: { left: 8, right: 16, top: 60, bottom: 8, containLabel: true },
    xAxis: { ...option.xAxis, axisLabel: { hideOverlap: true, interval: 'auto', rotate: categories > 4 ? 30 : 0 } },
  };
}

/** A ring chart with its legend in a scrolling row under the ring, clear of the labels. */
export function legibleRing(data: Record<string, number>) {
  return {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0, left: 0, right: 0 },
    series: [{ type: 'pie', radius: ['30%', '55%'], center: ['50%', '45%'], label: { show: false }, data: Object.entries(data).map(([name, value]) => ({ name, value })) }],
  };
}
