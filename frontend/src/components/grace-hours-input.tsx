/** How long a rotated secret's predecessor keeps working: 0 to 168 whole hours (the API's range). */
import { NumberInput, type NumberInputProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function GraceHoursInput(props: NumberInputProps) {
  const { t } = useTranslation();
  return (
    <NumberInput
      label={t("secretOnce.graceHours")}
      description={t("secretOnce.graceHoursHint")}
      min={0}
      max={168}
      clampBehavior="strict"
      allowDecimal={false}
      allowNegative={false}
      suffix={` ${t("secretOnce.hours")}`}
      {...props}
    />
  );
}
