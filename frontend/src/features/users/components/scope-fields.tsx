/** The one scope field a role needs: agency (agency admin), region (coordinator), mentor record. */
import { Select } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { namesOf, useAgencies, useKecamatan } from "@/lib/reference";

import { useMentorOptions } from "../api/mentor-options";

export type ScopeValues = { role: string; agency_code: string | null; region_code: string | null; mentor_id: string | null };

/** The body fields for the chosen role: its scope field, and null for the others (API rule). */
export function scopeBody(v: ScopeValues) {
  return {
    agency_code: v.role === "agency_admin" ? v.agency_code : null,
    region_code: v.role === "coordinator" ? v.region_code : null,
    mentor_id: v.role === "mentor" ? v.mentor_id : null,
  };
}

export function ScopeFields<T extends ScopeValues>({ form }: { form: UseFormReturnType<T> }) {
  const { t } = useTranslation();
  const agencies = useAgencies();
  const kecamatan = useKecamatan();
  const [search, setSearch] = useState("");
  const mentors = useMentorOptions(form.values.role === "mentor" ? search : "");
  const agencyNames = namesOf(agencies.data?.items);
  const role = form.values.role;
  if (role === "agency_admin")
    return (
      <Select
        label={t("fields.agency")}
        required
        searchable
        data={(agencies.data?.items ?? []).map((a) => ({ value: a.code, label: a.name }))}
        {...form.getInputProps("agency_code")}
      />
    );
  if (role === "coordinator")
    return (
      <Select
        label={t("fields.regionScope")}
        required
        searchable
        data={(kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: `${t("fields.kecamatan")} ${r.name}` }))}
        {...form.getInputProps("region_code")}
      />
    );
  if (role === "mentor")
    return (
      <Select
        label={t("users.mentorRecord")}
        description={t("users.mentorRecordHint")}
        required
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        nothingFoundMessage={t("mentors.empty")}
        data={(mentors.data?.items ?? []).map((m) => ({
          value: m.id,
          label: `${m.name} · ${agencyNames.get(m.agency_code) ?? m.agency_code}`,
        }))}
        {...form.getInputProps("mentor_id")}
      />
    );
  return null;
}
