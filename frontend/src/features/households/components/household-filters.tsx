/** The households table's filters: region, status, desil, need and a free-text search. */
import { Grid } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { FilterSelect, SearchInput } from "@/components/filter-inputs";
import { HOUSEHOLD_STATUSES, TAXONOMY, useKecamatan, useKelurahan } from "@/lib/reference";

import type { HouseholdFilters as Filters } from "../api/get-households";

type Props = { value: Filters; onChange: (patch: Partial<Filters>) => void };

export function HouseholdFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const kecamatan = useKecamatan();
  const kelurahan = useKelurahan(value.kecamatan ?? null);
  const regionOptions = (items: { code: string; name: string }[] | undefined) =>
    (items ?? []).map((r) => ({ value: r.code, label: r.name }));
  return (
    <Grid gap="sm" mb="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <SearchInput label={t("households.filters.search")} placeholder={t("households.filters.searchHint")} onSearch={(q) => onChange({ q })} />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <FilterSelect
          label={t("fields.kecamatan")}
          searchable
          data={regionOptions(kecamatan.data?.items)}
          value={value.kecamatan}
          onChange={(v) => onChange({ kecamatan: v, kelurahan: undefined })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <FilterSelect
          label={t("fields.kelurahan")}
          searchable
          disabled={!value.kecamatan}
          data={value.kecamatan ? regionOptions(kelurahan.data?.items) : []}
          value={value.kelurahan}
          onChange={(v) => onChange({ kelurahan: v })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 4, md: 1.5 }}>
        <FilterSelect<NonNullable<Filters["status"]>>
          label={t("fields.status")}
          data={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: t(`householdStatus.${s}`) }))}
          value={value.status}
          onChange={(v) => onChange({ status: v })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 4, md: 1 }}>
        <FilterSelect
          label={t("fields.desil")}
          data={Array.from({ length: 10 }, (_, i) => String(i + 1))}
          value={value.desil != null ? String(value.desil) : null}
          onChange={(v) => onChange({ desil: v ? Number(v) : undefined })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 4, md: 1.5 }}>
        <FilterSelect<NonNullable<Filters["need"]>>
          label={t("fields.need")}
          data={TAXONOMY.map((c) => ({ value: c, label: t(`taxonomy.${c}`) }))}
          value={value.need}
          onChange={(v) => onChange({ need: v })}
        />
      </Grid.Col>
    </Grid>
  );
}
