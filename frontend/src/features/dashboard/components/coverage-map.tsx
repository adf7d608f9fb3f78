/** The kecamatan on a plain SVG map (no map tiles: it works without internet): a marker at each
 * kecamatan's centre point, sized by households and coloured by coverage, with a tooltip; a click
 * filters the dashboard to that kecamatan. */
import { Box, Group, Text } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { useTranslation } from "react-i18next";

import { ChartTooltip, useChartTooltip } from "@/components/chart-tooltip";
import { formatNumber, formatPercent } from "@/utils/format";

import type { KecamatanStats } from "../api/get-kecamatan-stats";
import { KECAMATAN_POINTS } from "../data/kecamatan-points";

/** Coverage bands, lowest first: the marker's colour and the legend. */
export const COVERAGE_BANDS = [
  { below: 0.25, color: "var(--mantine-color-red-6)", label: "< 25%" },
  { below: 0.5, color: "var(--mantine-color-orange-5)", label: "25–49%" },
  { below: 0.75, color: "var(--mantine-color-yellow-5)", label: "50–74%" },
  { below: Infinity, color: "var(--mantine-color-teal-6)", label: "≥ 75%" },
] as const;
const NO_DATA = "var(--mantine-color-gray-5)";
const BACKGROUND = "var(--mantine-color-gray-0)";

export function coverageColor(coverage: number | null): string {
  if (coverage == null) return NO_DATA;
  return COVERAGE_BANDS.find((b) => coverage < b.below)?.color ?? NO_DATA;
}

type Marker = { code: string; name: string; lat: number; lon: number; stats: KecamatanStats | null };

/** Every known kecamatan point, with its numbers when the answer has them (out of scope: none);
 * a kecamatan the app has no point for uses the one the API sends, if any. */
export function markersOf(items: KecamatanStats[]): Marker[] {
  const byCode = new Map(items.map((i) => [i.kecamatan_code, i]));
  // The name as the API spells it (the chart's), the point from the app's copy.
  const known = Object.entries(KECAMATAN_POINTS).map(([code, p]) => {
    const stats = byCode.get(code) ?? null;
    return { code, ...p, name: stats?.name ?? p.name, stats };
  });
  const extra = items
    .filter((i) => !(i.kecamatan_code in KECAMATAN_POINTS) && i.lat != null && i.lon != null)
    .map((i) => ({ code: i.kecamatan_code, name: i.name, lat: i.lat as number, lon: i.lon as number, stats: i }));
  return [...known, ...extra];
}

const PAD = 28;
const KM_PER_DEGREE = 111.32;
const MAX_HEIGHT = 600;
const GRID_STEP = 0.025; // degrees between graticule lines (about 2.8 km)

/** Equirectangular projection at the city's mean latitude: exact enough over 20 km. */
function projection(markers: Marker[], width: number, labelRoom: number) {
  const lats = markers.map((m) => m.lat);
  const lons = markers.map((m) => m.lon);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const shrink = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * shrink, 0.01);
  const spanY = Math.max(north - south, 0.01);
  // As wide as the box allows, but never taller than MAX_HEIGHT: a wide box centres the city.
  const scale = Math.min((width - 2 * PAD - labelRoom) / spanX, (MAX_HEIGHT - 2 * PAD) / spanY);
  const left = PAD + (width - 2 * PAD - labelRoom - spanX * scale) / 2;
  const height = spanY * scale + 2 * PAD;
  const range = (from: number, to: number) => {
    const out = [];
    for (let v = Math.ceil(from / GRID_STEP) * GRID_STEP; v <= to; v += GRID_STEP) out.push(Number(v.toFixed(4)));
    return out;
  };
  return {
    height,
    pxPerKm: scale / KM_PER_DEGREE,
    x: (lon: number) => left + (lon - west) * shrink * scale,
    y: (lat: number) => PAD + (north - lat) * scale,
    // The graticule: the parallels and meridians that fall inside the picture.
    parallels: range(north - (height - PAD) / scale, north + PAD / scale),
    gridPx: GRID_STEP * shrink * scale,
    meridians: range(west - left / (shrink * scale), west + (width - left) / (shrink * scale)),
  };
}

/** `-2.975` -> `2,975°` in Indonesian (the hemisphere is in the label: LS, BT). */
function degrees(value: number): string {
  return `${formatNumber(Math.abs(value))}°`;
}

type Box2 = { x: number; y: number; w: number; h: number };
const overlaps = (a: Box2, b: Box2) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Put each label right, left, above or below its marker, wherever it hits no earlier label. */
function placeLabels(points: { x: number; y: number; r: number; text: string }[], width: number) {
  const placed: Box2[] = [];
  return points.map((p) => {
    const w = p.text.length * 6.2;
    const h = 13;
    const options = [
      { x: p.x + p.r + 4, y: p.y - h / 2, anchor: "start" as const },
      { x: p.x - p.r - 4 - w, y: p.y - h / 2, anchor: "end" as const },
      { x: p.x - w / 2, y: p.y - p.r - 3 - h, anchor: "middle" as const },
      { x: p.x - w / 2, y: p.y + p.r + 3, anchor: "middle" as const },
    ];
    const fits = options.filter((o) => o.x >= 2 && o.x + w <= width - 2);
    const pick = fits.find((o) => !placed.some((b) => overlaps(b, { x: o.x, y: o.y, w, h }))) ?? fits[0] ?? options[0]!;
    placed.push({ x: pick.x, y: pick.y, w, h });
    const tx = pick.anchor === "start" ? pick.x : pick.anchor === "end" ? pick.x + w : pick.x + w / 2;
    return { x: tx, y: pick.y + h - 3, anchor: pick.anchor };
  });
}

type Props = { items: KecamatanStats[]; selected?: string; onSelect?: (code: string) => void };

export function CoverageMap({ items, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const { ref, width } = useElementSize();
  const tip = useChartTooltip<Marker>();
  const markers = markersOf(items);
  const largest = Math.max(1, ...markers.map((m) => m.stats?.households ?? 0));
  const withLabels = width >= 420;
  const biggest = withLabels ? 13 : 8; // a phone's markers are smaller, so fewer overlap
  const radius = (m: Marker) => (m.stats ? 5 + biggest * Math.sqrt((m.stats.households ?? 0) / largest) : 4);
  const p = projection(markers, Math.max(width, 240), withLabels ? 90 : 0); // room for the names on the right
  const meridianEvery = Math.ceil(64 / p.gridPx); // label every n-th meridian: no overlapping text
  const points = markers.map((m) => ({ m, x: p.x(m.lon), y: p.y(m.lat), r: radius(m) }));
  const labels = placeLabels(points.map((q) => ({ ...q, text: q.m.name })), width);
  const kmBar = Math.round(2 * p.pxPerKm); // a 2 km scale bar

  return (
    <Box ref={ref} pos="relative" data-testid="coverage-map">
      {width > 0 && (
        <svg width={width} height={p.height} role="group" aria-label={t("dashboard.mapLabel")}>
          <rect width={width} height={p.height} rx={8} fill={BACKGROUND} />
          <g aria-hidden stroke="var(--mantine-color-gray-3)" strokeDasharray="3 4" fontSize={10} fill="var(--mantine-color-dimmed)">
            {p.parallels.map((lat) => (
              <g key={`lat${lat}`}>
                <line x1={0} x2={width} y1={p.y(lat)} y2={p.y(lat)} />
                {/* The label stays out from under a marker. */}
                {p.y(lat) > 24 && !points.some((q) => q.x - q.r < 60 && Math.abs(q.y - p.y(lat) + 7) < q.r + 7) && (
                  <text x={4} y={p.y(lat) - 3} stroke="none">
                    {t("dashboard.latitude", { value: degrees(lat) })}
                  </text>
                )}
              </g>
            ))}
            {p.meridians.map((lon, i) => (
              <g key={`lon${lon}`}>
                <line x1={p.x(lon)} x2={p.x(lon)} y1={0} y2={p.height} />
                {i % meridianEvery === 0 && (
                  <text x={p.x(lon) + 3} y={10} stroke="none">
                    {t("dashboard.longitude", { value: degrees(lon) })}
                  </text>
                )}
              </g>
            ))}
          </g>
          {points.map(({ m, x, y, r }, i) => {
            const s = m.stats;
            const summary = s ? t("dashboard.mapMarker", { name: m.name, coverage: formatPercent(s.coverage), households: formatNumber(s.households) }) : t("dashboard.mapNoData", { name: m.name });
            const label = labels[i]!;
            return (
              <g
                key={m.code}
                data-testid="map-marker"
                data-code={m.code}
                data-coverage={s?.coverage ?? ""}
                role={s && onSelect ? "button" : "img"}
                tabIndex={s ? 0 : -1}
                aria-label={summary}
                aria-pressed={s && onSelect ? selected === m.code : undefined}
                style={{ cursor: s && onSelect ? "pointer" : "default", outline: "none" }}
                onPointerEnter={() => tip.show(m, x, y - r)}
                onPointerLeave={tip.hide}
                onFocus={() => tip.show(m, x, y - r)}
                onBlur={tip.hide}
                onClick={() => s && onSelect?.(m.code)}
                onKeyDown={(e) => {
                  if (s && onSelect && (e.key === "Enter" || e.key === " ")) {
                    e.preventDefault();
                    onSelect(m.code);
                  }
                }}
              >
                <circle cx={x} cy={y} r={r} fill={coverageColor(s?.coverage ?? null)} fillOpacity={s ? 0.85 : 0.5} stroke={selected === m.code ? "var(--mantine-color-dark-6)" : "white"} strokeWidth={selected === m.code ? 3 : 1.5} />
                {withLabels && (
                  <text x={label.x} y={label.y} textAnchor={label.anchor} fontSize={11} fill={s ? "var(--mantine-color-text)" : "var(--mantine-color-dimmed)"} style={{ paintOrder: "stroke" }} stroke={BACKGROUND} strokeWidth={3}>
                    {m.name}
                  </text>
                )}
              </g>
            );
          })}
          <g transform={`translate(${PAD}, ${p.height - 12})`} aria-hidden>
            <line x1={0} x2={kmBar} y1={0} y2={0} stroke="var(--mantine-color-dark-3)" strokeWidth={2} />
            <line x1={0} x2={0} y1={-4} y2={0} stroke="var(--mantine-color-dark-3)" strokeWidth={2} />
            <line x1={kmBar} x2={kmBar} y1={-4} y2={0} stroke="var(--mantine-color-dark-3)" strokeWidth={2} />
            <text x={kmBar + 6} y={4} fontSize={11} fill="var(--mantine-color-dimmed)">
              2 km
            </text>
          </g>
        </svg>
      )}
      {tip.tip && (
        <ChartTooltip x={tip.tip.x} y={tip.tip.y} width={width}>
          <MarkerDetail marker={tip.tip.data} />
        </ChartTooltip>
      )}
      <Group gap="md" mt="xs" wrap="wrap" aria-label={t("dashboard.coverage")}>
        {COVERAGE_BANDS.map((b) => (
          <Legend key={b.label} color={b.color} label={b.label} />
        ))}
        <Legend color={NO_DATA} label={t("dashboard.mapNoHouseholds")} />
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t("dashboard.mapNote")}
      </Text>
    </Box>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box w={10} h={10} style={{ borderRadius: "50%", background: color }} />
      <Text size="xs">{label}</Text>
    </Group>
  );
}

function MarkerDetail({ marker }: { marker: Marker }) {
  const { t } = useTranslation();
  const s = marker.stats;
  if (!s) return <strong>{marker.name}</strong>;
  return (
    <>
      <strong>{marker.name}</strong>
      <div>{t("dashboard.tipCoverage", { coverage: formatPercent(s.coverage), with: formatNumber(s.households_with_mentor), open: formatNumber(s.households_open) })}</div>
      <div>{t("dashboard.tipHouseholds", { value: formatNumber(s.households) })}</div>
      <div>{t("dashboard.tipVisits", { value: formatNumber(s.sessions_last_30_days) })}</div>
      <div>{t("dashboard.tipNotVisited", { value: formatNumber(s.households_not_visited_30_days) })}</div>
      <div>{t("dashboard.tipGraduated", { value: formatNumber(s.graduated) })}</div>
    </>
  );
}
