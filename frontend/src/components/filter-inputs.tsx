/** Filter inputs every list uses: a debounced search box and an optional-choice select. */
import { Select, TextInput, type ComboboxData } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useKecamatan } from "@/lib/reference";

export function SearchInput({ label, placeholder, onSearch }: { label: string; placeholder?: string; onSearch: (text?: string) => void }) {
  const [text, setText] = useState("");
  const push = useDebouncedCallback((value: string) => onSearch(value.trim() || undefined), 350);
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
    />
  );
}

type FilterSelectProps<V extends string> = {
  label: string;
  data: ComboboxData;
  value: string | null | undefined;
  /** Called with one of `data`'s values (typed by the caller's filter), or undefined for "all". */
  onChange: (value: V | undefined) => void;
  searchable?: boolean;
  disabled?: boolean;
};

/** Empty means "all": clearable, with that as its placeholder. */
export function FilterSelect<V extends string = string>({ label, data, value, onChange, searchable, disabled }: FilterSelectProps<V>) {
  const { t } = useTranslation();
  return (
    <Select
      label={label}
      placeholder={t("common.all")}
      clearable
      searchable={searchable}
      disabled={disabled}
      data={data}
      value={value ?? null}
      onChange={(v) => onChange((v ?? undefined) as V | undefined)}
    />
  );
}

/** Yes / no / all for a boolean filter. */
export function BooleanFilter({ label, yes, no, value, onChange }: { label: string; yes: string; no: string; value: boolean | null | undefined; onChange: (v: boolean | undefined) => void }) {
  return (
    <FilterSelect
      label={label}
      data={[
        { value: "true", label: yes },
        { value: "false", label: no },
      ]}
      value={value == null ? null : String(value)}
      onChange={(v) => onChange(v == null ? undefined : v === "true")}
    />
  );
}

/** The city's kecamatan, by name; empty means all. */
export function KecamatanFilter({ value, onChange }: { value: string | null | undefined; onChange: (code: string | undefined) => void }) {
  const { t } = useTranslation();
  const kecamatan = useKecamatan();
  return (
    <FilterSelect
      label={t("fields.kecamatan")}
      searchable
      data={(kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
      value={value}
      onChange={onChange}
    />
  );
}
