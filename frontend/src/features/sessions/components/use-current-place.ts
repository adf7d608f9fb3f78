/** The phone's position from the browser, only when the mentor asks or has already allowed it. */
import { useCallback, useEffect, useState } from "react";

import type { Place } from "./visit-values";

export type PlaceState =
  | { state: "idle" }
  | { state: "locating" }
  | { state: "found"; place: Place }
  | { state: "denied" }
  | { state: "unavailable" };

export function useCurrentPlace() {
  const [status, setStatus] = useState<PlaceState>({ state: "idle" });

  const locate = useCallback(() => {
    if (typeof navigator === "undefined" || !navigator.geolocation) {
      setStatus({ state: "unavailable" });
      return;
    }
    setStatus({ state: "locating" });
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setStatus({
          state: "found",
          place: { lat: Number(p.coords.latitude.toFixed(6)), lon: Number(p.coords.longitude.toFixed(6)), accuracy: p.coords.accuracy },
        }),
      (e) => setStatus({ state: e.code === e.PERMISSION_DENIED ? "denied" : "unavailable" }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, []);

  const clear = useCallback(() => setStatus({ state: "idle" }), []);

  // Ask at once only when the browser already has the mentor's permission: no surprise prompt.
  useEffect(() => {
    let cancelled = false;
    void navigator.permissions
      ?.query({ name: "geolocation" })
      .then((p) => {
        if (!cancelled && p.state === "granted") locate();
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [locate]);

  return { status, locate, clear, place: status.state === "found" ? status.place : null };
}
