import i18n from "i18next";
import { describe, expect, it } from "vitest";

import "@/lib/i18n";

import { historyReason } from "./history-reason";

const t = i18n.t.bind(i18n);
const ID = "80f8bc99-026e-4eb5-84e4-6d6ec64563e5";

describe("a status change's reason", () => {
  it("puts the API's own notes in our words, without record ids", () => {
    expect(historyReason(t, "registered")).toBe(""); // "Terdaftar" already says it
    expect(historyReason(t, `first mentoring session ${ID}`)).toBe("Kunjungan pendampingan pertama tercatat");
    expect(historyReason(t, `matching run ${ID} approved`)).toBe("Hasil pencocokan disetujui");
    expect(historyReason(t, `assignment.create ${ID}`)).toBe("Pendamping ditugaskan");
    expect(historyReason(t, `assignment ${ID} ended: household exited`)).toBe("Pendampingan diakhiri: rumah tangga keluar dari program");
    expect(historyReason(t, "monitored until 2027-11-28")).toBe("Dipantau sampai 28 Nov 2027");
  });

  it("shows what a person wrote as written", () => {
    expect(historyReason(t, "Pindah ke Kabupaten Banyuasin")).toBe("Pindah ke Kabupaten Banyuasin");
    expect(historyReason(t, `assignment ${ID} ended: pendamping mutasi`)).toBe("Pendampingan diakhiri: pendamping mutasi");
  });
});
