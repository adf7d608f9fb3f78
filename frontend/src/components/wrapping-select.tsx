/** A searchable select whose chosen value wraps onto more lines instead of being cut off (long
 * agency names on a phone); the search box sits at the top of its list. */
import { Combobox, Input, InputBase, useCombobox } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  label: string;
  description?: string;
  required?: boolean;
  data: { value: string; label: string }[];
  value?: string | null;
  onChange: (value: string | null) => void;
  error?: string;
};

export function WrappingSelect({ label, description, required, data, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch("");
    },
    onDropdownOpen: () => combobox.focusSearchInput(),
  });
  const chosen = data.find((d) => d.value === value);
  const needle = search.trim().toLowerCase();
  const shown = data.filter((d) => d.label.toLowerCase().includes(needle));
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(v) => {
        onChange(v);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target targetType="button">
        <InputBase
          component="button"
          type="button"
          pointer
          multiline
          label={label}
          description={description}
          required={required}
          error={error}
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          onClick={() => combobox.toggleDropdown()}
          styles={{ input: { textAlign: "start", paddingBlock: 6 } }}
        >
          {chosen?.label ?? <Input.Placeholder>{t("common.choose")}</Input.Placeholder>}
        </InputBase>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder={t("common.search")} aria-label={t("common.search")} />
        <Combobox.Options mah={260} style={{ overflowY: "auto" }}>
          {shown.length ? (
            shown.map((d) => (
              <Combobox.Option value={d.value} key={d.value} active={d.value === value}>
                {d.label}
              </Combobox.Option>
            ))
          ) : (
            <Combobox.Empty>{t("common.empty")}</Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
