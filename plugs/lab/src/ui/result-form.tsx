import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Group, Stack, TextInput, Title } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { usePlugMutation } from "./lab-client.js";

const decimal = /^[-+]?[0-9]+([.,][0-9]+)?$/;
const optionalNumber = z
  .string()
  .trim()
  .refine((text) => text === "" || decimal.test(text), "a number")
  .transform((text) => (text === "" ? undefined : Number(text.replace(",", "."))));

/** What a person types; the route's schema (`resultInput`) checks the body again. */
const resultForm = z
  .object({ value: z.string().trim().min(1).max(500), unit: z.string().trim().max(32), low: optionalNumber, high: optionalNumber })
  .refine((form) => form.low === undefined || form.high === undefined || form.low <= form.high, { path: ["high"] });
type ResultFormInput = z.input<typeof resultForm>;
type ResultFormOutput = z.output<typeof resultForm>;

/** Records the result of a pending order; `onDone` closes it. */
export function ResultForm({ order, onDone }: { order: { id: string; testName: string }; onDone: () => void }) {
  const { t } = usePlugTranslation();
  const form = useForm<ResultFormInput, unknown, ResultFormOutput>({
    resolver: zodResolver(resultForm),
    defaultValues: { value: "", unit: "", low: "", high: "" },
  });
  const record = usePlugMutation("POST /orders/:orderId/result", { onSuccess: onDone });
  const submit = form.handleSubmit(({ value, unit, low, high }) => {
    const range = low === undefined && high === undefined ? undefined : { low, high };
    record.mutate({ params: { orderId: order.id }, body: { value, unit: unit || undefined, referenceRange: range } });
  });
  const { errors } = form.formState;
  const titleId = `lab-result-${order.id}`;

  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby={titleId} noValidate>
      <Stack gap="sm">
        <Title order={3} id={titleId}>
          {t("result.title", { test: order.testName })}
        </Title>
        <Group grow align="flex-start">
          <TextInput label={t("result.value")} {...form.register("value")} error={errors.value && t("required")} />
          <TextInput label={t("result.unit")} {...form.register("unit")} />
          <TextInput label={t("result.low")} inputMode="decimal" {...form.register("low")} error={errors.low && t("result.low")} />
          <TextInput label={t("result.high")} inputMode="decimal" {...form.register("high")} error={errors.high && t("result.high")} />
        </Group>
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t("result.submit")}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t("result.cancel")}
          </Button>
        </Group>
        {record.isError && (
          <Alert color="red" role="alert">
            {t("saveFailed", { message: record.error.message })}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
