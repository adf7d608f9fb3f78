/** Every string is translated: both languages have the same keys, and every key used exists. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import en from "./en.json";
import id from "./id.json";

function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".test.tsx") ? [path] : [];
  });
}

describe("translations", () => {
  it("id and en have exactly the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(id).sort());
  });

  it("every literal key the code uses exists (plural keys by their _one/_other forms)", () => {
    const known = new Set(keys(id).map((k) => k.replace(/_(one|other)$/, "")));
    const root = join(import.meta.dirname, "../..");
    const used = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/label: "(nav\.[a-zA-Z]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it("Bahasa Indonesia is the default language", async () => {
    const { default: i18n } = await import("./index");
    expect(i18n.language).toBe("id");
    expect(i18n.t("nav.households")).toBe("Rumah tangga");
  });
});
