/** i18next: Bahasa Indonesia first, English second; the choice is remembered on this device. */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./en.json";
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

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
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
