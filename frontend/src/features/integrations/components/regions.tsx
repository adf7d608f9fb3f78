/** A client's regions by name (kecamatan and kelurahan), shown and picked; empty means all of
 * the registering admin's area. */
import { MultiSelect, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { namesOf, useKecamatan, useKelurahan, useRegionsByCode, type Region } from "@/lib/reference";

function regionLabel(t: TFunction, region: Region): string {
  return region.level === "kota" ? region.name : `${t(`fields.${region.level}`)} ${region.name}`;
}

export function RegionNames({ codes }: { codes: readonly string[] }) {
  const { t } = useTranslation();
  const regions = useRegionsByCode(codes);
  if (!codes.length) return <Text size="sm" c="dimmed">{t("integrations.allRegions")}</Text>;
  return (
    <Text size="sm">
      {codes.map((code) => {
        const region = regions.get(code);
        return region ? regionLabel(t, region) : "…";
      }).join(", ")}
    </Text>
  );
}

type PickerProps = { value: string[]; onChange: (value: string[]) => void; error?: string };

export function RegionPicker({ value, onChange, error }: PickerProps) {
  const { t } = useTranslation();
  const kecamatan = useKecamatan();
  const kelurahan = useKelurahan(null);
  const kecamatanNames = namesOf(kecamatan.data?.items);
  const data = [
    {
      group: t("fields.kecamatan"),
      items: (kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: regionLabel(t, r) })),
    },
    {
      group: t("fields.kelurahan"),
      items: (kelurahan.data?.items ?? []).map((r) => ({
        value: r.code,
        label: [regionLabel(t, r), kecamatanNames.get(r.parent_code ?? "")].filter(Boolean).join(" · "),
      })),
    },
  ];
  return (
    <MultiSelect
      label={t("integrations.regions")}
      description={t("integrations.regionsHint")}
      placeholder={value.length ? undefined : t("integrations.allRegions")}
      searchable
      clearable
      hidePickedOptions
      maxDropdownHeight={260}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
