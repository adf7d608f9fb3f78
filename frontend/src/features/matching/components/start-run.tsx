/** Start a matching run: scope, weights of the score's parts, hard constraints. */
import { Button, Group, Modal, MultiSelect, NumberInput, Slider, Stack, Switch, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "@/components/states";
import { fieldErrors } from "@/lib/api/messages";
import { useKecamatan } from "@/lib/reference";

import { useStartRun, type Run } from "../api/runs";

const PARTS = ["competence", "proximity", "agency", "continuity"] as const;

type Values = {
  kecamatan_codes: string[];
  only_unassigned: boolean;
  weights: Record<(typeof PARTS)[number], number>;
  max_distance_km: number | string;
  same_kecamatan: boolean;
};

export function StartRunModal({ opened, onClose, onStarted }: { opened: boolean; onClose: () => void; onStarted: (run: Run) => void }) {
  const { t } = useTranslation();
  const kecamatan = useKecamatan();
  const start = useStartRun();
  const [other, setOther] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: {
      kecamatan_codes: [],
      only_unassigned: true,
      weights: { competence: 0.5, proximity: 0.3, agency: 0.1, continuity: 0.1 },
      max_distance_km: 10,
      same_kecamatan: false,
    },
  });
  const submit = form.onSubmit((v) => {
    setOther(null);
    start.mutate(
      {
        scope: { kecamatan_codes: v.kecamatan_codes.length ? v.kecamatan_codes : null, only_unassigned: v.only_unassigned },
        weights: v.weights,
        constraints: { max_distance_km: Number(v.max_distance_km), same_kecamatan: v.same_kecamatan },
      },
      {
        onSuccess: (run) => {
          form.reset();
          onStarted(run);
        },
        onError: (error) => {
          // The API names fields like scope.kecamatan_codes or constraints.max_distance_km.
          const byField = fieldErrors(t, error);
          const mapped = Object.fromEntries(
            Object.entries(byField).map(([k, msg]) => [k.replace(/^(scope|constraints)\./, ""), msg]),
          );
          form.setErrors(mapped);
          if (!Object.keys(mapped).length) setOther(error);
        },
      },
    );
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t("matching.start")} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {other != null && <ErrorAlert error={other} />}
          <MultiSelect
            label={t("matching.scope")}
            description={t("matching.scopeHint")}
            placeholder={t("matching.wholeCity")}
            searchable
            clearable
            data={(kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
            {...form.getInputProps("kecamatan_codes")}
          />
          <Switch label={t("matching.onlyUnassigned")} description={t("matching.onlyUnassignedHint")} {...form.getInputProps("only_unassigned", { type: "checkbox" })} />
          <div>
            <Title order={5} mb={4}>
              {t("matching.weights")}
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              {t("matching.weightsHint")}
            </Text>
            <Stack gap="sm">
              {PARTS.map((part) => (
                <div key={part}>
                  <Text size="sm">{t(`matching.part.${part}`)}</Text>
                  <Slider min={0} max={1} step={0.05} label={(v) => v.toFixed(2)} {...form.getInputProps(`weights.${part}`)} />
                </div>
              ))}
            </Stack>
          </div>
          <Group grow align="flex-start">
            <NumberInput label={t("matching.maxDistance")} suffix=" km" min={1} max={200} {...form.getInputProps("max_distance_km")} />
            <Switch mt={30} label={t("matching.sameKecamatan")} {...form.getInputProps("same_kecamatan", { type: "checkbox" })} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={start.isPending}>
              {t("matching.startSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
