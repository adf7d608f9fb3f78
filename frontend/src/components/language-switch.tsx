/** Bahasa Indonesia / English, remembered on this device. */
import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function LanguageSwitch({ size = "xs" }: { size?: "xs" | "sm" }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size={size}
      aria-label={t("language.label")}
      value={i18n.language === "en" ? "en" : "id"}
      onChange={(lng) => void i18n.changeLanguage(lng)}
      data={[
        { value: "id", label: "ID" },
        { value: "en", label: "EN" },
      ]}
    />
  );
}
