/** i18next: Bahasa Indonesia first, English second; the choice is remembered on this device. */
import i18n, { type BackendModule, type ResourceKey } from "i18next";
import { initReactI18next } from "react-i18next";

import id from "./id.json";

export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "bina.lang";

function savedLanguage(): Language {
  try {
    const value = localStorage.getItem(KEY);
    return value === "en" ? "en" : "id";
  } catch {
    return "id";
  }
}

// English arrives only when chosen: Indonesian users (most) never download it (~8 KB gzipped).
const english: BackendModule = {
  type: "backend",
  init: () => undefined,
  read: (language, _namespace, done) => {
    if (language !== "en") return done(null, {});
    import("./en.json").then(
      (m) => done(null, m.default as ResourceKey),
      (error: unknown) => done(error as Error, null),
    );
  },
};

/** Resolves once the chosen language is ready to show (English is fetched first). */
export const i18nReady = i18n
  .use(english)
  .use(initReactI18next)
  .init({
    resources: { id: { translation: id } },
    partialBundledLanguages: true,
    lng: savedLanguage(),
    fallbackLng: "id",
    interpolation: { escapeValue: false },
    returnNull: false,
  });

i18n.on("languageChanged", (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // Not remembered: fine.
  }
});
document.documentElement.lang = i18n.language;

export default i18n;
