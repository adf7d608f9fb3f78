import { describe, expect, it } from "vitest";

import { formatWib } from "./format";

describe("formatWib", () => {
  it("shows a UTC moment as dd/mm/yyyy HH:mm in Western Indonesia Time (UTC+7)", () => {
    expect(formatWib("2026-11-05T07:30:00Z")).toBe("05/11/2026 14:30 WIB");
    expect(formatWib("2026-12-31T18:05:00Z")).toBe("01/01/2027 01:05 WIB");
    expect(formatWib("2026-03-01T00:00:00+07:00")).toBe("01/03/2026 00:00 WIB");
  });

  it("shows a dash for no moment", () => {
    expect(formatWib(null)).toBe("—");
  });
});
