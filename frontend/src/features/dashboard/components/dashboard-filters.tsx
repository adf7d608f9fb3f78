/** Kecamatan and agency filters; a coordinator's kecamatan and an agency admin's agency are fixed
 * (the API scopes them anyway), so their selects show that and stay disabled. */
import { Grid } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { FilterSelect } from "@/components/filter-inputs";
import { useUser } from "@/lib/auth/auth";
import { useAgencies, useKecamatan } from "@/lib/reference";

import type { StatsFilters } from "../api/stats-filters";

/** Whether kecamatan `code` lies in (or contains) the caller's region, as the API decides. */
export function inRegion(code: string, region: string | null | undefined): boolean {
  return !region || code === region || code.startsWith(`${region}.`) || region.startsWith(`${code}.`);
}

type Props = { value: StatsFilters; onChange: (patch: StatsFilters) => void };

export function DashboardFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const me = useUser();
  const kecamatan = useKecamatan();
  const agencies = useAgencies();
  const region = me?.role === "coordinator" ? me.region_code : null;
  const kecamatanOptions = (kecamatan.data?.items ?? []).filter((k) => inRegion(k.code, region)).map((k) => ({ value: k.code, label: k.name }));
  const ownKecamatan = region && kecamatanOptions.length === 1 ? kecamatanOptions[0]!.value : null;
  const ownAgency = (me?.role === "agency_admin" ? me.agency_code : null) ?? null;
  return (
    <Grid gap="sm" mb="md" data-testid="dashboard-filters">
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <FilterSelect
          label={t("fields.kecamatan")}
          searchable
          data={kecamatanOptions}
          value={ownKecamatan ?? value.kecamatan}
          disabled={ownKecamatan !== null}
          onChange={(v) => onChange({ kecamatan: v })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>
        <FilterSelect
          label={t("fields.agency")}
          searchable
          data={(agencies.data?.items ?? []).map((a) => ({ value: a.code, label: a.name }))}
          value={ownAgency ?? value.agency}
          disabled={ownAgency !== null}
          onChange={(v) => onChange({ agency: v })}
        />
      </Grid.Col>
    </Grid>
  );
}
