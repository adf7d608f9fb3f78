/** jsdom lays nothing out: make every observed element report `width` x `height`, so components
 * that size themselves to their box (charts, the map) render in tests. Undo with vi.unstubAllGlobals. */
import { vi } from "vitest";

export function stubElementSize(width: number, height = 400): void {
  class SizedResizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      const box = [{ inlineSize: width, blockSize: height }];
      const entry = { target, contentRect: { x: 0, y: 0, top: 0, left: 0, width, height, bottom: height, right: width }, borderBoxSize: box, contentBoxSize: box };
      this.callback([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal("ResizeObserver", SizedResizeObserver);
}
