/** A bar chart (visx, SVG) that reads without hovering: each bar carries its value, a tooltip adds
 * the detail. Horizontal for named categories (kecamatan, statuses), vertical for months. */
import { Box } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridColumns, GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import type { ReactNode } from "react";

import { ChartTooltip, useChartTooltip } from "./chart-tooltip";

/** `shown` replaces the formatted value on the bar, e.g. "—" where there is nothing to measure. */
export type BarDatum = { key: string; label: string; value: number; shown?: string; detail?: ReactNode };

type Props = {
  data: BarDatum[];
  orientation: "horizontal" | "vertical";
  formatValue: (value: number) => string;
  /** What the chart shows, for screen readers. */
  label: string;
  color?: string;
  /** The axis end, e.g. 1 for shares; else the largest value, rounded up. */
  max?: number;
  height?: number;
  testId?: string;
};

const AXIS = "var(--mantine-color-dimmed)";
const GRID = "var(--mantine-color-default-border)";
const TEXT = "var(--mantine-color-text)";
const ROW = 26; // px per category in a horizontal chart: room for a 12 px label
const STACKED_ROW = 40; // on a phone the label goes above its bar, so names are never cut
const LABEL_H = 16;

const tickLabel = () => ({ fill: AXIS, fontSize: 11, fontFamily: "inherit" });

function truncate(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, Math.max(1, chars - 1))}…` : text;
}

export function BarChart({ data, orientation, formatValue, label, color = "var(--mantine-color-teal-6)", max, height, testId }: Props) {
  const { ref, width } = useElementSize();
  const tip = useChartTooltip<BarDatum>();
  const horizontal = orientation === "horizontal";
  const stacked = horizontal && width < 380;
  const h = height ?? (horizontal ? data.length * (stacked ? STACKED_ROW : ROW) + 36 : 260);
  const top = horizontal ? 4 : 18; // vertical: room for the value over the tallest bar
  const left = horizontal ? (stacked ? 0 : Math.min(150, Math.max(90, width * 0.32))) : 48;
  const right = horizontal ? 48 : 28; // vertical: the last month's label is centred on the last bar
  const bottom = 24;
  const innerW = Math.max(0, width - left - right);
  const innerH = Math.max(0, h - top - bottom);
  const top1 = Math.max(max ?? 0, ...data.map((d) => d.value), 1);

  const band = scaleBand<string>({ domain: data.map((d) => d.key), range: horizontal ? [0, innerH] : [0, innerW], padding: stacked ? 0.12 : 0.25 });
  const value = scaleLinear<number>({ domain: [0, top1], range: horizontal ? [0, innerW] : [innerH, 0], nice: max === undefined });
  const ticks = Math.max(2, Math.floor((horizontal ? innerW : innerH) / 70));
  const labelChars = Math.floor((left - 10) / 7); // ~7 px per character at 12 px


  return (
    <Box ref={ref} pos="relative" data-testid={testId}>
      {width > 0 && (
        <svg width={width} height={h} role="img" aria-label={label}>
          <Group left={left} top={top}>
            {horizontal ? (
              <GridColumns scale={value} height={innerH} numTicks={ticks} stroke={GRID} />
            ) : (
              <GridRows scale={value} width={innerW} numTicks={ticks} stroke={GRID} />
            )}
            {data.map((d) => {
              const band0 = band(d.key) ?? 0;
              const at = stacked ? band0 + LABEL_H : band0; // where the bar starts across the band
              const size = band.bandwidth() - (stacked ? LABEL_H : 0);
              const extent = horizontal ? value(d.value) : innerH - value(d.value);
              const x = horizontal ? 0 : at;
              const y = horizontal ? at : value(d.value);
              return (
                <g
                  key={d.key}
                  data-testid="bar"
                  data-key={d.key}
                  data-value={d.value}
                  onPointerEnter={() => tip.show(d, left + x + (horizontal ? extent : size / 2), top + y)}
                  onPointerLeave={tip.hide}
                >
                  {/* A full-row hit area, so a zero-length bar still shows its tooltip. */}
                  <rect x={horizontal ? 0 : at} y={horizontal ? band0 : 0} width={horizontal ? innerW : size} height={horizontal ? band.bandwidth() : innerH} fill="transparent" />
                  <Bar x={x} y={y} width={horizontal ? extent : size} height={horizontal ? size : extent} rx={3} fill={color} />
                  {horizontal ? (
                    <>
                      {stacked ? (
                        <text x={0} y={band0 + 11} fontSize={12} fill={TEXT}>
                          {d.label}
                        </text>
                      ) : (
                        <text x={-8} y={at + size / 2} dy="0.35em" textAnchor="end" fontSize={12} fill={TEXT}>
                          {truncate(d.label, labelChars)}
                        </text>
                      )}
                      <text x={extent + 6} y={at + size / 2} dy="0.35em" fontSize={12} fontWeight={600} fill={TEXT}>
                        {d.shown ?? formatValue(d.value)}
                      </text>
                    </>
                  ) : (
                    size >= 26 && (
                      <text x={at + size / 2} y={y - 5} textAnchor="middle" fontSize={11} fontWeight={600} fill={TEXT}>
                        {formatValue(d.value)}
                      </text>
                    )
                  )}
                </g>
              );
            })}
            {horizontal ? (
              <AxisBottom top={innerH} scale={value} numTicks={ticks} tickFormat={(v) => formatValue(Number(v))} stroke={GRID} tickStroke={GRID} tickLabelProps={tickLabel} />
            ) : (
              <>
                <AxisLeft scale={value} numTicks={ticks} tickFormat={(v) => formatValue(Number(v))} stroke={GRID} tickStroke={GRID} tickLabelProps={() => ({ ...tickLabel(), textAnchor: "end", dx: -4, dy: "0.33em" })} />
                <AxisBottom
                  top={innerH}
                  scale={band}
                  stroke={GRID}
                  tickStroke={GRID}
                  tickLabelProps={tickLabel}
                  // Thin out the labels when the bars are narrow (a phone shows every other or third
                  // month), always keeping the latest.
                  tickValues={data.filter((_, i) => (data.length - 1 - i) % Math.ceil(44 / band.step()) === 0).map((d) => d.key)}
                  tickFormat={(key) => data.find((d) => d.key === key)?.label ?? key}
                />
              </>
            )}
          </Group>
        </svg>
      )}
      {tip.tip && (
        <ChartTooltip x={tip.tip.x} y={tip.tip.y} width={width}>
          <strong>{tip.tip.data.label}</strong>
          <div>{tip.tip.data.detail ?? tip.tip.data.shown ?? formatValue(tip.tip.data.value)}</div>
        </ChartTooltip>
      )}
    </Box>
  );
}
