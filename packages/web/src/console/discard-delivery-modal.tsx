import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";
import { consoleApi, type Delivery } from "./console-api.js";
import { ConsoleModal } from "./console-modal.js";

const discardInput = z.object({ reason: z.string().trim().min(1, "required") });
type DiscardInput = z.infer<typeof discardInput>;

interface DiscardDeliveryModalProps {
  delivery: Delivery | null;
  onClose: () => void;
  onDiscarded: (delivery: Delivery) => void;
}

/** Discarding a delivery is for good: the administrator says why, and the journal keeps it with their name. */
export function DiscardDeliveryModal({ delivery, onClose, onDiscarded }: DiscardDeliveryModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<DiscardInput>({ resolver: zodResolver(discardInput), defaultValues: { reason: "" } });
  const fieldError = useFieldError(form.formState.errors);
  const discard = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => consoleApi.discardDelivery(id, reason),
    onSuccess: async (result) => {
      const discarded = result.items[0];
      close();
      if (discarded) onDiscarded(discarded);
      await queryClient.invalidateQueries({ queryKey: ["deliveries"] });
    },
    onError: (error) => showFieldErrors(error, ["reason"], form.setError),
  });
  const close = () => {
    form.reset();
    discard.reset();
    onClose();
  };
  return (
    <ConsoleModal opened={delivery !== null} onClose={close} title={t("console.deliveries.discardTitle", { id: delivery?.id ?? "" })}>
      {delivery && (
        <form noValidate onSubmit={form.handleSubmit(({ reason }) => discard.mutate({ id: delivery.id, reason }))}>
          <Stack>
            <Text size="sm">{t("console.deliveries.discardExplained", { plug: delivery.plug, signal: delivery.signal })}</Text>
            <ApiErrorAlert error={discard.error} />
            <Textarea
              label={t("console.deliveries.reason")}
              required
              autosize
              minRows={2}
              error={fieldError("reason")}
              {...form.register("reason")}
            />
            <Group>
              <Button type="submit" color="red" loading={discard.isPending}>
                {t("console.deliveries.discardConfirm")}
              </Button>
              <Button variant="default" onClick={close}>
                {t("console.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </ConsoleModal>
  );
}
