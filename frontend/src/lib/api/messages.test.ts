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
        { loc: ["body", "members", 1, "relationship"], msg: "a KK has exactly one kepala keluarga", type: "value_error" },
      ],
    });
    expect(fieldErrors(t, error)).toEqual({
      kk_number: "Format tidak sesuai.",
      "members.1.relationship": "a KK has exactly one kepala keluarga",
    });
  });

  it("says what a status means; a network failure is not a server error", () => {
    expect(problemMessage(t, new ApiError(412, null))).toBe("Data ini telah diubah orang lain.");
    expect(problemMessage(t, new ApiError(503, null))).toMatch(/gangguan pada server/);
    expect(problemMessage(t, new TypeError("Failed to fetch"))).toMatch(/Tidak dapat terhubung/);
  });

  it("says why in the UI's language from the rule's type, never the API's English sentence in Indonesian", async () => {
    const refused = new ApiError(422, {
      type: "https://bina.palembang.go.id/problems/validation-error",
      title: "Validation failed",
      status: 422,
      detail: "The assignment is not active.",
      errors: [{ loc: ["body", "assignment_id"], msg: "assignment not active", type: "assignment_not_active" }],
    });
    expect(problemMessage(t, refused)).toBe("Beberapa isian belum benar. Pendampingan rumah tangga ini sudah tidak aktif (dipindahkan atau diakhiri).");
    const unknownRule = new ApiError(409, { type: "https://bina.palembang.go.id/problems/conflict", title: "Conflict", status: 409, detail: "Something specific." });
    expect(problemMessage(t, unknownRule)).toBe("Bertentangan dengan data yang ada.");
    const expired = new ApiError(400, { type: "https://bina.palembang.go.id/problems/invalid-cursor", title: "Invalid pagination cursor", status: 400, detail: "bad cursor" });
    expect(problemMessage(t, expired)).toBe("Halaman daftar ini sudah kedaluwarsa. Muat ulang daftarnya.");
    await i18n.changeLanguage("en");
    try {
      expect(problemMessage(t, refused)).toBe("Some fields need attention. The mentoring of this household is no longer active (moved or ended).");
      expect(problemMessage(t, unknownRule)).toBe("This conflicts with existing data. Something specific.");
      expect(problemMessage(t, new ApiError(412, null))).toMatch(/changed/);
    } finally {
      await i18n.changeLanguage("id");
    }
  });
});
