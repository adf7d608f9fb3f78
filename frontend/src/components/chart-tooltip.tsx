/** The tooltip of the charts and the map: above the point it describes, centred on it, and
 * shifted sideways so it never leaves the chart's box (a phone's charts are narrow). */
import { useCallback, useState, type ReactNode } from "react";

const MAX_WIDTH = 240;

export function useChartTooltip<T>() {
  const [tip, setTip] = useState<{ data: T; x: number; y: number } | null>(null);
  const show = useCallback((data: T, x: number, y: number) => setTip({ data, x, y }), []);
  const hide = useCallback(() => setTip(null), []);
  return { tip, show, hide };
}

/** `x`, `y`: the point in the box's pixels; `width`: the box's width. */
export function ChartTooltip({ x, y, width, children }: { x: number; y: number; width: number; children: ReactNode }) {
  const maxWidth = Math.min(MAX_WIDTH, width);
  const left = Math.min(Math.max(x, maxWidth / 2), width - maxWidth / 2);
  return (
    <div
      role="tooltip"
      style={{
        position: "absolute",
        left,
        top: y,
        transform: "translate(-50%, calc(-100% - 8px))",
        width: "max-content",
        maxWidth,
        pointerEvents: "none",
        fontSize: 12,
        lineHeight: 1.45,
        padding: "6px 10px",
        borderRadius: 4,
        background: "var(--mantine-color-body)",
        color: "var(--mantine-color-text)",
        border: "1px solid var(--mantine-color-default-border)",
        boxShadow: "var(--mantine-shadow-sm)",
        zIndex: 2,
      }}
    >
      {children}
    </div>
  );
}
