import { afterEach, describe, expect, it, vi } from "vitest";

import {
  accessTokenFresh,
  clearSession,
  currentRefreshToken,
  hasSession,
  refreshSession,
  setTokenExchange,
  startSession,
} from "./session";

afterEach(() => {
  clearSession();
  sessionStorage.clear();
});

describe("token storage", () => {
  it("keeps the access token out of storage and the refresh token in this tab's session", () => {
    startSession({ access_token: "A1", expires_in: 900, refresh_token: "R1" });
    expect(JSON.stringify({ ...sessionStorage, ...localStorage })).not.toContain("A1");
    expect(currentRefreshToken()).toBe("R1");
    expect(hasSession()).toBe(true);
  });

  it("refreshes once for many concurrent callers and stores the rotated token", async () => {
    startSession({ access_token: "A1", expires_in: 0, refresh_token: "R1" });
    const exchange = vi.fn(async (token: string) => ({ access_token: `new-for-${token}`, expires_in: 900, refresh_token: "R2" }));
    setTokenExchange(exchange);
    const tokens = await Promise.all([accessTokenFresh(), accessTokenFresh(), refreshSession()]);
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(tokens.slice(0, 2)).toEqual(["new-for-R1", "new-for-R1"]);
    expect(currentRefreshToken()).toBe("R2");
  });

  it("a refused refresh ends the session (the app shows the login page)", async () => {
    startSession({ access_token: "A1", expires_in: 0, refresh_token: "R1" });
    setTokenExchange(async () => null);
    expect(await refreshSession()).toBe(false);
    expect(hasSession()).toBe(false);
    expect(currentRefreshToken()).toBeNull();
  });
});
