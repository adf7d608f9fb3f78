import i18n from "i18next";
import { describe, expect, it } from "vitest";

import "@/lib/i18n";

import { fieldErrors, problemMessage } from "./messages";
import { ApiError, fieldPath } from "./problem";

const t = i18n.t.bind(i18n);

describe("problem+json for people", () => {
  it("maps a validation loc onto the form path", () => {
    expect(fieldPath(["body", "members", 0, "nik"])).toBe("members.0.nik");
    expect(fieldPath(["body", "kk_number"])).toBe("kk_number");
    expect(fieldPath(["query", "limit"])).toBe("query.limit");
  });

  it("puts known rule types in our words and keeps the API's text for its own rules", () => {
    const error = new ApiError(422, {
      type: "x",
      title: "Validation failed",
      status: 422,
      detail: "d",
      errors: [
        { loc: ["body", "kk_number"], msg: "String should match pattern", type: "string_pattern_mismatch" },
        { loc: ["body", "kk_number"], msg: "second message loses", type: "missing" },
        { loc: ["body", "head_nik"], msg: "NIK already registered in another household", type: "duplicate" },
      ],
    });
    expect(fieldErrors(t, error)).toEqual({
      kk_number: "Format tidak sesuai.",
      head_nik: "NIK already registered in another household",
    });
  });

  it("says what a status means; a network failure is not a server error", () => {
    expect(problemMessage(t, new ApiError(412, null))).toBe("Data ini telah diubah orang lain.");
    expect(problemMessage(t, new ApiError(503, null))).toMatch(/gangguan pada server/);
    expect(problemMessage(t, new TypeError("Failed to fetch"))).toMatch(/Tidak dapat terhubung/);
  });
});
